using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Cluster;

/// <summary>
/// WirelessDevice actors as cluster-sharded entities on the <c>devices</c> nodes: the edge server addresses device n
/// by its id through a region proxy, with no central list of actor refs, and devices spread over the nodes. The
/// region and the proxy start with the node (Akka.Hosting) and are found in its <see cref="ActorRegistry"/> under
/// <see cref="Region"/>; a devices node learns the run's settings, from which its entities draw their tasks, when the
/// edge node sends them (<see cref="DeviceShardRun"/>).
/// </summary>
internal static class DeviceSharding
{
    public const string TypeName = "wireless-device";
    public const string Role = "devices";

    /// <summary>Shards per device node, at most: enough to balance, few enough to move.</summary>
    private const int MaxShards = 100;

    /// <summary>The device-id extractor: entity id n for <see cref="DeviceEnvelope"/>s to device n.</summary>
    public static IMessageExtractor Extractor { get; } = HashCodeMessageExtractor.Create(
        MaxShards,
        message => message is DeviceEnvelope envelope ? envelope.Device.Value.ToString(CultureInfo.InvariantCulture) : null!,
        message => message is DeviceEnvelope envelope ? envelope.Message : message);

    /// <summary>On a devices node: its part of the region, whose entities are the devices of the run in <paramref name="run"/>.</summary>
    public static AkkaConfigurationBuilder WithDeviceRegion(this AkkaConfigurationBuilder builder, DeviceShardRun run) =>
        builder.WithShardRegion<Region>(
            TypeName,
            entityId => run.DeviceProps(new DeviceId(int.Parse(entityId, CultureInfo.InvariantCulture))),
            Extractor,
            new ShardOptions { Role = Role, StateStoreMode = StateStoreMode.DData, RememberEntities = false });

    /// <summary>On the edge node (unless it hosts devices itself): a proxy that routes to the region on the devices nodes.</summary>
    public static AkkaConfigurationBuilder WithDeviceRegionProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithShardRegionProxy<Region>(TypeName, Role, Extractor);

    /// <summary>The <see cref="ActorRegistry"/> key of this node's device region or proxy.</summary>
    public sealed class Region;
}
