using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Memory;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Learning.Memory;

namespace Ddlo.Actors.Tests.Memory;

public sealed class ReplayMemoryActorSpecs : TestKit
{
    [Fact]
    public void Should_send_each_dnn_its_own_batch_on_the_training_schedule()
    {
        var dnns = new[] { CreateTestProbe(), CreateTestProbe() };
        var memory = Sys.ActorOf(ReplayMemoryActor.Props(16, 2, 8, new TrainingSchedule(Interval: 3, Warmup: 0), dnns.Select(d => d.Ref).ToList(), seed: 1));

        for (int t = 0; t < 3; t++)
        {
            memory.Tell(new Remember(new SlotId(t), Workload.Create(1, 2, [t, t]), [t % 2 == 0, true]));
        }

        var batches = dnns.Select(d => d.ExpectMsg<TrainingBatch>()).ToList();
        Assert.All(batches, b => Assert.Equal(1, b.Round));
        Assert.All(batches, b => Assert.Equal(new SlotId(2), b.AfterSlot));
        Assert.All(batches, b => Assert.Equal(16, b.Sizes.Length));
        // Contents, not references: ImmutableArray's equality compares the arrays behind them.
        Assert.NotEqual(batches[0].Sizes.ToArray(), batches[1].Sizes.ToArray());
        dnns[0].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Should_evict_the_oldest_entry_when_full()
    {
        var dnn = CreateTestProbe();
        var memory = Sys.ActorOf(ReplayMemoryActor.Props(2, 1, 64, new TrainingSchedule(Interval: 3, Warmup: 0), [dnn.Ref], seed: 1));

        memory.Tell(new Remember(new SlotId(0), Workload.Create(1, 1, [10]), [false]));
        memory.Tell(new Remember(new SlotId(1), Workload.Create(1, 1, [20]), [true]));
        memory.Tell(new Remember(new SlotId(2), Workload.Create(1, 1, [30]), [true]));

        var batch = dnn.ExpectMsg<TrainingBatch>();
        Assert.DoesNotContain(10f, batch.Sizes);
        Assert.Contains(20f, batch.Sizes);
        Assert.Contains(30f, batch.Sizes);
    }

    [Fact]
    public void Should_pass_a_flush_to_every_dnn_after_their_batches()
    {
        var dnn = CreateTestProbe();
        var memory = Sys.ActorOf(ReplayMemoryActor.Props(4, 1, 2, new TrainingSchedule(Interval: 1, Warmup: 0), [dnn.Ref], seed: 1));

        memory.Tell(new Remember(new SlotId(0), Workload.Create(1, 1, [10]), [false]));
        memory.Tell(new FlushMemory(TestActor));

        dnn.ExpectMsg<TrainingBatch>();
        Assert.Equal(TestActor, dnn.ExpectMsg<FlushTraining>().ReplyTo);
    }

    /// <summary>With slots in flight they are decided in any order; the memory stores them, and trains, in slot order.</summary>
    [Fact]
    public void Should_store_and_train_in_slot_order_whatever_order_the_slots_were_decided_in()
    {
        var inOrder = Batches([0, 1, 2, 3, 4, 5]);
        var shuffled = Batches([2, 0, 1, 5, 4, 3]);

        Assert.Equal(2, inOrder.Count);
        Assert.Equal(inOrder.Select(b => (b.Round, b.AfterSlot)), shuffled.Select(b => (b.Round, b.AfterSlot)));
        Assert.Equal(inOrder.Select(b => b.Sizes.ToArray()), shuffled.Select(b => b.Sizes.ToArray()));
        Assert.Equal(inOrder.Select(b => b.Labels.ToArray()), shuffled.Select(b => b.Labels.ToArray()));
    }

    /// <summary>A slot held back for an earlier one fails when it is stored, and the failure names it, not the slot that freed it.</summary>
    [Fact]
    public void Should_fail_naming_the_slot_it_could_not_store()
    {
        var dnn = CreateTestProbe();
        var memory = Sys.ActorOf(ReplayMemoryActor.Props(4, 1, 2, new TrainingSchedule(Interval: 10, Warmup: 0), [dnn.Ref], seed: 1, failsAt: 2));
        memory.Tell(new Remember(new SlotId(2), Workload.Create(1, 1, [30]), [true]));
        memory.Tell(new Remember(new SlotId(0), Workload.Create(1, 1, [10]), [true]));

        EventFilter.Exception<ReplayMemoryException>(contains: "the replay memory failed at slot 2: InvalidOperationException: ")
            .ExpectOne(() => memory.Tell(new Remember(new SlotId(1), Workload.Create(1, 1, [20]), [true])));
    }

    private List<TrainingBatch> Batches(int[] decidedOrder)
    {
        var dnn = CreateTestProbe();
        // A memory of 2 entries: which two it holds at each round depends on the order they were stored in.
        var memory = Sys.ActorOf(ReplayMemoryActor.Props(2, 1, 4, new TrainingSchedule(Interval: 3, Warmup: 0), [dnn.Ref], seed: 1));
        foreach (int t in decidedOrder)
        {
            memory.Tell(new Remember(new SlotId(t), Workload.Create(1, 1, [10 * (t + 1)]), [t % 2 == 0]));
        }

        return [dnn.ExpectMsg<TrainingBatch>(), dnn.ExpectMsg<TrainingBatch>()];
    }
}
