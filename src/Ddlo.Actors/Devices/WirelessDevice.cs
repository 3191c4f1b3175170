using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Devices;

/// <summary>
/// A wireless device: reports its values each slot (its M task sizes, or its channel gain) and receives the edge
/// server's orders. With an uplink channel (MUMT's <c>ddlo.channel</c>) it reports the slot's rate scale as its context,
/// drawn from the channel's own stream. Without queues it carries nothing from one slot to the next but its positions in
/// its random streams.
/// With queues (LyDROO) it owns its data and energy queues and its arrivals: it reports the queues with its gain, and
/// updates them from each order's service. A slot's queues depend on the slot before, so a start that arrives before the
/// previous slot's order (slots in flight) waits in the stash until the order is applied.
/// </summary>
internal sealed class WirelessDevice : ReceiveActor, IWithUnboundedStash
{
    private readonly DeviceId id;
    private readonly ITaskSource source;
    private readonly DeviceQueues? queues;
    private readonly UplinkChannel? channel;

    public WirelessDevice(DeviceId id, ITaskSource source, DeviceQueues? queues, UplinkChannel? channel)
    {
        this.id = id;
        this.source = source;
        this.queues = queues;
        this.channel = channel;
        Receive<StartSlot>(Handle);
        Receive<OffloadingOrder>(Handle);
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Device, id.Value, WriteState)));
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Device, id.Value, ReadState)));
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(DeviceId id, ITaskSource source, DeviceQueues? queues = null, UplinkChannel? channel = null) =>
        Akka.Actor.Props.Create(() => new WirelessDevice(id, source, queues, channel));

    private void Handle(StartSlot start)
    {
        if (queues is null)
        {
            var report = new WorkloadReport(start.Slot, id, source.TasksFor(start.Slot.Value).ToImmutableArray());
            Sender.Tell(channel is null ? report : report with { Context = [channel.RateScaleFor(start.Slot.Value)] });
            return;
        }

        if (queues.IsOpen)
        {
            Stash.Stash();
            return;
        }

        var values = source.TasksFor(start.Slot.Value).ToImmutableArray();
        queues.Open(start.Slot.Value);
        Sender.Tell(new WorkloadReport(start.Slot, id, values)
        {
            Context = [queues.Data, queues.Energy],
            Arrived = queues.Arriving,
            PreviousWait = queues.LastWait,
        });
    }

    private void Handle(OffloadingOrder order)
    {
        if (queues is null || !queues.IsOpen || order.Slot.Value != queues.OpenFrame)
        {
            return;
        }

        queues.Close(order.Served, order.Energy);
        Stash.UnstashAll();
    }

    /// <summary>
    /// The task source's position in its random stream (nothing for a data set's rows), the queues, and the channel's
    /// stream when there is one (written last, so a run without a channel writes what it wrote before channels were).
    /// </summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(source is ICheckpointable);
        (source as ICheckpointable)?.WriteState(writer);
        writer.Write(queues is not null);
        queues?.WriteState(writer);
        if (channel is not null)
        {
            writer.Write(true);
            channel.WriteState(writer);
        }
    }

    private void ReadState(BinaryReader reader)
    {
        if (reader.ReadBoolean())
        {
            var state = source as ICheckpointable ?? throw new InvalidDataException($"Device {id.Value}'s task source has no state to restore.");
            state.ReadState(reader);
        }

        if (reader.ReadBoolean() != (queues is not null))
        {
            throw new InvalidDataException($"Device {id.Value}'s checkpoint {(queues is null ? "has queues this run's devices do not" : "has no queues")}.");
        }

        queues?.ReadState(reader);
        bool hasChannel = reader.BaseStream.Position < reader.BaseStream.Length && reader.ReadBoolean();
        if (hasChannel != (channel is not null))
        {
            throw new InvalidDataException($"Device {id.Value}'s checkpoint {(channel is null ? "has an uplink channel this run's devices do not" : "has no uplink channel")}.");
        }

        channel?.ReadState(reader);
    }
}
