using System.Runtime.InteropServices;
using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Core;
using Ddlo.Learning.Memory;

namespace Ddlo.Actors.Memory;

/// <summary>
/// The shared replay memory: stores every kept decision and, on the training schedule, sends each DNN its own
/// uniformly sampled batch.
/// </summary>
public sealed class ReplayMemoryActor : ReceiveActor
{
    private readonly ReplayMemory memory;
    private readonly TrainingSchedule schedule;
    private readonly int batchSize;
    private readonly IReadOnlyList<IActorRef> dnns;
    private readonly Random[] samplers;
    private long round;

    public ReplayMemoryActor(int capacity, int width, int batchSize, TrainingSchedule schedule, IReadOnlyList<IActorRef> dnns, int seed)
    {
        memory = new ReplayMemory(capacity, width);
        this.schedule = schedule;
        this.batchSize = batchSize;
        this.dnns = dnns;
        samplers = Enumerable.Range(0, dnns.Count).Select(k => new Random(Seeds.Derive(seed, Seeds.MemoryStream, k))).ToArray();
        Receive<Remember>(Handle);
        Receive<FlushMemory>(flush =>
        {
            foreach (var dnn in dnns)
            {
                dnn.Tell(new FlushTraining(flush.ReplyTo));
            }
        });
    }

    public static Props Props(int capacity, int width, int batchSize, TrainingSchedule schedule, IReadOnlyList<IActorRef> dnns, int seed) =>
        Akka.Actor.Props.Create(() => new ReplayMemoryActor(capacity, width, batchSize, schedule, dnns, seed));

    private void Handle(Remember remember)
    {
        memory.Add(remember.Sizes.AsSpan(), remember.Decision.AsSpan());
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
}
