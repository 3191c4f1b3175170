using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>Devices reached through their actor refs, index n for device n.</summary>
internal sealed class DeviceRefs(IReadOnlyList<IActorRef> devices) : IDeviceChannel
{
    public void Tell(DeviceId device, IDdloMessage message, IActorRef sender) => devices[device.Value].Tell(message, sender);
}
