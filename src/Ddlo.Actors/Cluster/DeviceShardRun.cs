using Akka.Actor;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Cluster;

/// <summary>
/// The run a devices node's sharded entities belong to. The region starts with the node, before any run; the edge
/// node sends the run's settings (<c>StartDeviceShards</c>) before it addresses a device, and each entity then draws
/// its tasks (and, under LyDROO, its arrivals) from the streams those settings seed.
/// </summary>
internal sealed class DeviceShardRun
{
    private volatile SimulationSources? sources;

    /// <summary>From now on, entities are devices of the run with these settings.</summary>
    public void Use(DdloSettings settings) => sources = SimulationSources.Generated(settings);

    /// <summary>The props of device <paramref name="id"/> in the current run.</summary>
    public Props DeviceProps(DeviceId id)
    {
        var current = sources ?? throw new InvalidOperationException(
            $"device {id} was addressed before the edge node sent this devices node its run's settings.");
        return WirelessDevice.Props(id, current.TaskSource(id), current.Queues?.Invoke(id), current.Contexts?.Invoke(id));
    }
}
