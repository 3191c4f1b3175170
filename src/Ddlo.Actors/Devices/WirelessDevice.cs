using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Devices;

/// <summary>
/// A wireless device: reports its values each slot (its M task sizes, or its channel gain) and receives the edge
/// server's orders. With context of its own (MUMT's uplink channel or device class) it reports it each slot beside its
/// values: the channel's rate scale, drawn from its own stream, and its class's factors. Without queues it carries
/// nothing from one slot to the next but its positions in its random streams (and its walk, when it moves).
/// With queues (LyDROO) it owns its data and energy queues and its arrivals: it reports the queues with its gain, and
/// updates them from each order's service. A slot's queues depend on the slot before, so a start that arrives before the
/// previous slot's order (slots in flight) waits in the stash until the order is applied.
/// </summary>
internal sealed class WirelessDevice : ReceiveActor, IWithUnboundedStash
{
    private readonly DeviceId id;
    private readonly ITaskSource source;
    private readonly DeviceQueues? queues;
    private readonly IContextSource? context;

    public WirelessDevice(DeviceId id, ITaskSource source, DeviceQueues? queues, IContextSource? context)
    {
        this.id = id;
        this.source = source;
        this.queues = queues;
        this.context = context;
        Receive<StartSlot>(Handle);
        Receive<OffloadingOrder>(Handle);
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Device, id.Value, WriteState)));
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Device, id.Value, ReadState)));
    }

    public IStash Stash { get; set; } = null!;

    public static Props Props(DeviceId id, ITaskSource source, DeviceQueues? queues = null, IContextSource? context = null) =>
        Akka.Actor.Props.Create(() => new WirelessDevice(id, source, queues, context));

    private void Handle(StartSlot start)
    {
        if (queues is null)
        {
            var report = new WorkloadReport(start.Slot, id, source.TasksFor(start.Slot.Value).ToImmutableArray());
            Sender.Tell(context is null ? report : report with { Context = [.. context.ContextFor(start.Slot.Value)] });
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
    /// The task source's position in its random stream (nothing for a data set's rows), the queues, and its own context's
    /// state when it has one (written last, so a run without one writes what it wrote before devices had context).
    /// </summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(source is ICheckpointable);
        (source as ICheckpointable)?.WriteState(writer);
        writer.Write(queues is not null);
        queues?.WriteState(writer);
        if (context is not null)
        {
            writer.Write(true);
            context.WriteState(writer);
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
        bool hasContext = reader.BaseStream.Position < reader.BaseStream.Length && reader.ReadBoolean();
        if (hasContext != (context is not null))
        {
            throw new InvalidDataException($"Device {id.Value}'s checkpoint {(context is null ? "has a channel or class this run's devices do not" : "has no channel or class")}.");
        }

        context?.ReadState(reader);
    }
}
