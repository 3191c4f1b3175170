using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Devices;

/// <summary>A wireless device: produces its M task sizes each slot and follows the edge server's orders.</summary>
public sealed class WirelessDevice : ReceiveActor
{
    private readonly DeviceId id;
    private readonly ITaskSource source;
    private long orders;
    private long offloaded;
    private long local;
    private SlotId? lastSlot;

    public WirelessDevice(DeviceId id, ITaskSource source)
    {
        this.id = id;
        this.source = source;
        Receive<StartSlot>(Handle);
        Receive<OffloadingOrder>(Handle);
        Receive<GetDeviceStatus>(_ => Sender.Tell(new DeviceStatus(id, orders, offloaded, local, lastSlot)));
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Device, id.Value, WriteState)));
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Device, id.Value, ReadState)));
    }

    public static Props Props(DeviceId id, ITaskSource source) =>
        Akka.Actor.Props.Create(() => new WirelessDevice(id, source));

    private void Handle(StartSlot start) =>
        Sender.Tell(new WorkloadReport(start.Slot, id, source.TasksFor(start.Slot.Value).ToImmutableArray()));

    private void Handle(OffloadingOrder order)
    {
        orders++;
        int count = order.Offload.Count(x => x);
        offloaded += count;
        local += order.Offload.Length - count;
        lastSlot = order.Slot;
    }

    /// <summary>The order counters and the task source's position in its random stream.</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(orders);
        writer.Write(offloaded);
        writer.Write(local);
        writer.Write(lastSlot?.Value ?? -1);
        writer.Write(source is ICheckpointable);
        (source as ICheckpointable)?.WriteState(writer);
    }

    private void ReadState(BinaryReader reader)
    {
        orders = reader.ReadInt64();
        offloaded = reader.ReadInt64();
        local = reader.ReadInt64();
        long last = reader.ReadInt64();
        lastSlot = last < 0 ? null : new SlotId(last);
        if (reader.ReadBoolean())
        {
            var state = source as ICheckpointable ?? throw new InvalidDataException($"Device {id.Value}'s task source has no state to restore.");
            state.ReadState(reader);
        }
    }
}
