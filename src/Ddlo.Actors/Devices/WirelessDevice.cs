using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Devices;

/// <summary>
/// A wireless device: produces its M task sizes each slot and receives the edge server's orders. In this model a
/// device carries nothing from one slot to the next but its position in its random stream, which a checkpoint saves.
/// </summary>
internal sealed class WirelessDevice : ReceiveActor
{
    private readonly DeviceId id;
    private readonly ITaskSource source;

    public WirelessDevice(DeviceId id, ITaskSource source)
    {
        this.id = id;
        this.source = source;
        Receive<StartSlot>(start => Sender.Tell(new WorkloadReport(start.Slot, id, source.TasksFor(start.Slot.Value).ToImmutableArray())));
        Receive<OffloadingOrder>(_ => { });
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Device, id.Value, WriteState)));
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Device, id.Value, ReadState)));
    }

    public static Props Props(DeviceId id, ITaskSource source) =>
        Akka.Actor.Props.Create(() => new WirelessDevice(id, source));

    /// <summary>The task source's position in its random stream (nothing for a data set's rows).</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(source is ICheckpointable);
        (source as ICheckpointable)?.WriteState(writer);
    }

    private void ReadState(BinaryReader reader)
    {
        if (reader.ReadBoolean())
        {
            var state = source as ICheckpointable ?? throw new InvalidDataException($"Device {id.Value}'s task source has no state to restore.");
            state.ReadState(reader);
        }
    }
}
