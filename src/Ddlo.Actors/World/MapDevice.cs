using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Core.Cells;

namespace Ddlo.Actors.World;

/// <summary>
/// One wireless device of the map: it owns its position, walk, streams and association (<see cref="WorldDevice"/>),
/// reports each slot, and saves them all for the map's checkpoint.
/// </summary>
internal sealed class MapDevice : ReceiveActor
{
    /// <param name="device">The device.</param>
    /// <param name="state">Its state in the checkpoint a run resumes from, or null.</param>
    public MapDevice(WorldDevice device, ImmutableArray<byte>? state)
    {
        if (state is { } saved)
        {
            MapCheckpoint.Read(saved, device.ReadState);
        }

        Receive<MoveDevice>(move => Sender.Tell(new DeviceMoved(move.Slot, device.Step(move.Slot))));
        Receive<SaveMapState>(_ => Sender.Tell(new MapStateSaved(MapCheckpoint.Device, device.Device, MapCheckpoint.Bytes(device.WriteState))));
    }

    public static Props Props(WorldDevice device, ImmutableArray<byte>? state) => Akka.Actor.Props.Create(() => new MapDevice(device, state));
}
