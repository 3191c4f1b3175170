using Akka.Actor;

namespace Ddlo.Actors.Edge;

/// <summary>How the edge server reaches device n: a list of refs on one node, or a shard region by device id in a cluster.</summary>
public interface IDeviceChannel
{
    void Tell(int device, Messages.IDdloMessage message, IActorRef sender);
}
