using System.Runtime.InteropServices;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Learning.Memory;

namespace Ddlo.Actors.Memory;

/// <summary>
/// The shared replay memory: stores every kept decision and, on the training schedule, sends each DNN its own
/// uniformly sampled batch.
/// </summary>
internal sealed class ReplayMemoryActor : ReceiveActor
{
    private readonly ReplayMemory memory;
    private readonly TrainingSchedule schedule;
    private readonly int batchSize;
    private readonly IReadOnlyList<IActorRef> dnns;
    private readonly ReplayableRandom[] samplers;
    private long round;

    public ReplayMemoryActor(int capacity, int width, int batchSize, TrainingSchedule schedule, IReadOnlyList<IActorRef> dnns, int seed, int inputWidth = 0)
    {
        memory = new ReplayMemory(capacity, width, inputWidth);
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.dnns = dnns;
        samplers = Enumerable.Range(0, dnns.Count).Select(k => new ReplayableRandom(Seeds.Derive(seed, Seeds.MemoryStream, k))).ToArray();
        Receive<Remember>(Handle);
        Receive<FlushMemory>(flush =>
        {
            foreach (var dnn in dnns)
            {
                dnn.Tell(new FlushTraining(flush.ReplyTo));
            }
        });
        Receive<CaptureState>(capture =>
        {
            // After each DNN's last batch, so it captures the weights those batches trained.
            foreach (var dnn in dnns)
            {
                dnn.Tell(capture);
            }

            capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Memory, 0, WriteState));
        });
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Memory, 0, ReadState)));
    }

    /// <summary>The memory of <paramref name="capacity"/> entries of <paramref name="width"/> decision bits (and
    /// <paramref name="inputWidth"/> network inputs, when the reports carry context; 0: as many as the bits), training
    /// <paramref name="dnns"/> on batches of <paramref name="batchSize"/> by <paramref name="schedule"/>, sampled from
    /// streams of <paramref name="seed"/>.</summary>
    public static Props Props(int capacity, int width, int batchSize, TrainingSchedule schedule, IReadOnlyList<IActorRef> dnns, int seed, int inputWidth = 0) =>
        Akka.Actor.Props.Create(() => new ReplayMemoryActor(capacity, width, batchSize, schedule, dnns, seed, inputWidth));

    private void Handle(Remember remember)
    {
        memory.Add(remember.Workload.NetworkInputs.AsSpan(), remember.Decision.AsSpan());
        if (!schedule.TrainsAfter(memory.Added))
        {
            return;
        }

        round++;
        for (int k = 0; k < dnns.Count; k++)
        {
            var (sizes, labels) = memory.Sample(batchSize, samplers[k]);
            // Sample returns fresh arrays: wrap them instead of copying 2 x 128 x N*M floats per DNN.
            dnns[k].Tell(new TrainingBatch(
                round, remember.Slot, batchSize, ImmutableCollectionsMarshal.AsImmutableArray(sizes), ImmutableCollectionsMarshal.AsImmutableArray(labels)));
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
