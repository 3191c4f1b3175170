using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>How the edge server reaches device n: a list of refs on one node, or a shard region by device id in a cluster.</summary>
internal interface IDeviceChannel
{
    void Tell(DeviceId device, IDdloMessage message, IActorRef sender);
}
