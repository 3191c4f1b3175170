using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Cluster;

/// <summary>
/// WirelessDevice actors as cluster-sharded entities on the <c>devices</c> nodes: the edge server addresses device n
/// by its id through a region proxy, with no central list of actor refs, and devices spread over the nodes.
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

    /// <summary>On a devices node: starts its part of the region, with the run's settings.</summary>
    public static IActorRef StartRegion(ActorSystem system, DdloSettings settings)
    {
        var sources = SimulationSources.Generated(settings);
        return ClusterSharding.Get(system).Start(
            TypeName,
            entityId =>
            {
                var id = new DeviceId(int.Parse(entityId, CultureInfo.InvariantCulture));
                return WirelessDevice.Props(id, sources.TaskSource(id), sources.Queues?.Invoke(id));
            },
            ClusterShardingSettings.Create(system).WithRole(Role),
            Extractor);
    }

    /// <summary>On the edge node: a proxy that routes to the region on the devices nodes.</summary>
    public static IActorRef StartProxy(ActorSystem system) =>
        ClusterSharding.Get(system).StartProxy(TypeName, Role, Extractor);
}
