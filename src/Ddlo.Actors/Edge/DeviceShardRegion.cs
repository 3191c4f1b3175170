using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>Devices reached through a cluster shard region (or its proxy): the device id is the entity id.</summary>
internal sealed class DeviceShardRegion(IActorRef region) : IDeviceChannel
{
    public void Tell(DeviceId device, IDdloMessage message, IActorRef sender) =>
        region.Tell(new DeviceEnvelope(device, message), sender);
}
