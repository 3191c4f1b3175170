using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>Devices reached through a cluster shard region (or its proxy): the device id is the entity id.</summary>
public sealed class DeviceShardRegion(IActorRef region) : IDeviceChannel
{
    public void Tell(int device, IDdloMessage message, IActorRef sender) =>
        region.Tell(new DeviceEnvelope(new DeviceId(device), message), sender);
}
