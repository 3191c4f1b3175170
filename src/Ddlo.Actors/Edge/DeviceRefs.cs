using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>Devices reached through their actor refs, index n for device n.</summary>
public sealed class DeviceRefs(IReadOnlyList<IActorRef> devices) : IDeviceChannel
{
    public void Tell(int device, IDdloMessage message, IActorRef sender) => devices[device].Tell(message, sender);
}
