using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Ordering;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Learning.Memory;

namespace Ddlo.Actors.Memory;

/// <summary>
/// The shared replay memory: stores every kept decision, in slot order whatever order the slots in flight were decided
/// in, and, on the training schedule, sends each DNN its own uniformly sampled batch. So round r is made of the same
/// entries and samples in every run of a seed, and follows the same slot. What it holds (the entries, the slots waiting
/// for an earlier one, the round) cannot be rebuilt in the middle of a run, so a failure is a
/// <see cref="ReplayMemoryException"/> naming the slot, on which its supervisor stops the run.
/// </summary>
internal sealed class ReplayMemoryActor : ReceiveActor
{
    private readonly ReplayMemory memory;
    private readonly TrainingSchedule schedule;
    private readonly int batchSize;
    private readonly IReadOnlyList<IActorRef> dnns;
    private readonly IReadOnlyList<(IActorRef Group, ImmutableArray<DnnId> Dnns)>? groups;
    private readonly ReplayableRandom[] samplers;
    private readonly long failsAt;
    private InSlotOrder<Remember> order = new(0);
    private long round;

    public ReplayMemoryActor(
        int capacity, int width, int batchSize, TrainingSchedule schedule, IReadOnlyList<IActorRef> dnns, int seed, int inputWidth = 0,
        IReadOnlyList<(IActorRef Group, ImmutableArray<DnnId> Dnns)>? groups = null, long failsAt = -1)
    {
        this.failsAt = failsAt;
        memory = new ReplayMemory(capacity, width, inputWidth);
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.dnns = dnns;
        this.groups = groups;
        samplers = Enumerable.Range(0, dnns.Count).Select(k => new ReplayableRandom(Seeds.Derive(seed, Seeds.MemoryStream, k))).ToArray();
        Receive<Remember>(Handle);
        Receive<FlushMemory>(flush => SendToEach(_ => new FlushTraining(flush.ReplyTo)));
        Receive<CaptureState>(capture =>
        {
            // After each DNN's last batch, so it captures the weights those batches trained.
            SendToEach(_ => capture);
            capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Memory, 0, WriteState));
        });
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Memory, 0, ReadState)));
    }

    /// <summary>The memory of <paramref name="capacity"/> entries of <paramref name="width"/> decision bits (and
    /// <paramref name="inputWidth"/> network inputs, when the reports carry context; 0: as many as the bits), training
    /// <paramref name="dnns"/> on batches of <paramref name="batchSize"/> by <paramref name="schedule"/>, sampled from
    /// streams of <paramref name="seed"/>; with <paramref name="groups"/> (the nodes' learner groups and the networks each
    /// holds) its traffic goes one message a group; <paramref name="failsAt"/> is the slot whose storing throws
    /// (<c>ddlo.run.faults.memory-fails-at</c>; -1: none).</summary>
    public static Props Props(
        int capacity, int width, int batchSize, TrainingSchedule schedule, IReadOnlyList<IActorRef> dnns, int seed, int inputWidth = 0,
        IReadOnlyList<(IActorRef Group, ImmutableArray<DnnId> Dnns)>? groups = null, long failsAt = -1) =>
        Akka.Actor.Props.Create(() => new ReplayMemoryActor(capacity, width, batchSize, schedule, dnns, seed, inputWidth, groups, failsAt));

    private void Handle(Remember remember)
    {
        foreach (var due in order.Add(remember.Slot.Value, remember))
        {
            try
            {
                Store(due);
            }
            catch (Exception e)
            {
                // Not swallowed: rethrown with the slot, for the one line the run stops with.
                throw new ReplayMemoryException(due.Slot.Value, e);
            }
        }
    }

    private void Store(Remember remember)
    {
        if (remember.Slot.Value == failsAt)
        {
            throw new InvalidOperationException("a fault injected by ddlo.run.faults.memory-fails-at");
        }

        memory.Add(remember.Workload.NetworkInputs.AsSpan(), remember.Decision.AsSpan());
        if (!schedule.TrainsAfter(memory.Added))
        {
            return;
        }

        round++;
        var batches = new IDdloMessage[dnns.Count];
        for (int k = 0; k < dnns.Count; k++)
        {
            var (sizes, labels) = memory.Sample(batchSize, samplers[k]);
            // Sample returns fresh arrays: wrap them instead of copying 2 x 128 x N*M floats per DNN.
            batches[k] = new TrainingBatch(
                round, remember.Slot, batchSize, ImmutableCollectionsMarshal.AsImmutableArray(sizes), ImmutableCollectionsMarshal.AsImmutableArray(labels));
        }

        SendToEach(k => batches[k]);
    }

    /// <summary>Each network's message: through its node's group, one message a group, when the run has groups; else to each network.</summary>
    private void SendToEach(Func<int, IDdloMessage> message)
    {
        if (groups is null)
        {
            for (int k = 0; k < dnns.Count; k++)
            {
                dnns[k].Tell(message(k));
            }

            return;
        }

        foreach (var (group, members) in groups)
        {
            group.Tell(new ForDnns([.. members.Select(dnn => new ForDnns.Entry(dnn, message(dnn.Value)))]));
        }
    }

    /// <summary>The entries, the training round and each sampler's position.</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(round);
        memory.WriteState(writer);
        writer.Write(samplers.Length);
        foreach (var sampler in samplers)
        {
            sampler.WriteState(writer);
        }
    }

    private void ReadState(BinaryReader reader)
    {
        round = reader.ReadInt64();
        memory.ReadState(reader);
        // One entry per decided slot from slot 0: the next slot to store is the number stored.
        order = new InSlotOrder<Remember>(memory.Added);
        int count = reader.ReadInt32();
        if (count != samplers.Length)
        {
            throw new InvalidDataException($"The saved memory samples for {count} DNNs; this run has {samplers.Length}.");
        }

        foreach (var sampler in samplers)
        {
            sampler.ReadState(reader);
        }
    }
}
