using Akka.Actor;
using Ddlo.Core.Cells;

namespace Ddlo.Actors.World;

/// <summary>One wireless device of the map: it owns its position, walk, streams and association (<see cref="WorldDevice"/>), and reports each slot.</summary>
internal sealed class MapDevice : ReceiveActor
{
    public MapDevice(WorldDevice device)
    {
        Receive<MoveDevice>(move => Sender.Tell(new DeviceMoved(move.Slot, device.Step(move.Slot))));
    }

    public static Props Props(WorldDevice device) => Akka.Actor.Props.Create(() => new MapDevice(device));
}
