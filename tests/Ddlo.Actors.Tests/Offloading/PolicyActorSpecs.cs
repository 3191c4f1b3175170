using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Offloading;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Actors.Tests.Offloading;

/// <summary>A policy's actor in conversation: a plug-in that never answers, or answers late, fails its slots and not the run.</summary>
public sealed class PolicyActorSpecs : TestKit
{
    private static readonly Workload Workload = Workload.Create(1, 3, [10, 20, 30]);
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void Should_decline_a_slot_whose_decide_never_returns_then_every_later_one_at_once_and_still_flush_and_capture()
    {
        using var policy = new HeldPolicy();
        var actor = Sys.ActorOf(PolicyActor.Props(policy, new DnnId(0), new PluginCallLimits(Deadline, 3)));
        var solver = CreateTestProbe();

        actor.Tell(Decide(0, solver.Ref));
        var first = ExpectMsg<Declined>(TimeSpan.FromSeconds(10));
        actor.Tell(Decide(1, solver.Ref));
        actor.Tell(Decide(2, solver.Ref));
        actor.Tell(new FlushTraining(TestActor));
        actor.Tell(new CaptureState(TestActor));

        Assert.Equal(0, first.Slot.Value);
        Assert.Contains("is not answering", first.Reason, StringComparison.Ordinal);
        // The later slots are not handed to a policy whose call is still out: they are declined without a call.
        Assert.Equal(1, ExpectMsg<Declined>().Slot.Value);
        Assert.Equal(2, ExpectMsg<Declined>().Slot.Value);
        Assert.Equal(0, ExpectMsg<Flushed>().Dnn.Value);
        var captured = ExpectMsg<StateCaptured>();
        Assert.True(captured.State.IsEmpty, "a policy that does not answer has no state to save");
        Assert.Equal(1, policy.Calls);
        solver.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Should_ask_a_late_policy_again_until_it_has_missed_its_deadline_as_often_as_allowed()
    {
        using var policy = new HeldPolicy();
        var actor = Sys.ActorOf(PolicyActor.Props(policy, new DnnId(2), new PluginCallLimits(Deadline, 2)));
        var solver = CreateTestProbe();

        for (int slot = 0; slot < 2; slot++)
        {
            actor.Tell(Decide(slot, solver.Ref));
            Assert.Equal(slot, ExpectMsg<Declined>(TimeSpan.FromSeconds(10)).Slot.Value);
            // It answers late: the answer is dropped, and (before its last miss) it is asked again.
            EventFilter.Warning(contains: "answered after its deadline").ExpectOne(policy.ReleaseOne);
        }

        actor.Tell(Decide(2, solver.Ref));

        Assert.Equal(2, ExpectMsg<Declined>().Slot.Value);
        Assert.Equal(2, policy.Calls);
        solver.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Should_propose_again_when_a_late_policy_answers_in_time()
    {
        using var policy = new HeldPolicy();
        var actor = Sys.ActorOf(PolicyActor.Props(policy, new DnnId(0), new PluginCallLimits(Deadline, 3)));
        var solver = CreateTestProbe();

        actor.Tell(Decide(0, solver.Ref));
        ExpectMsg<Declined>(TimeSpan.FromSeconds(10));
        EventFilter.Warning(contains: "answered after its deadline").ExpectOne(policy.ReleaseOne);
        policy.ReleaseOne();
        actor.Tell(Decide(1, solver.Ref));

        var solve = solver.ExpectMsg<Solve>(TimeSpan.FromSeconds(10));
        Assert.Equal(1, solve.Slot.Value);
        Assert.Equal(TestActor, solver.LastSender);
    }

    [Fact]
    public void Should_save_no_state_of_a_learner_whose_learn_never_returns_and_start_it_afresh_from_that_checkpoint()
    {
        using var policy = new HeldLearner();
        var actor = Sys.ActorOf(PolicyActor.Props(policy, new DnnId(0), new PluginCallLimits(Deadline, 3)));
        var solver = CreateTestProbe();
        policy.ReleaseOne();
        actor.Tell(Decide(0, solver.Ref));
        solver.ExpectMsg<Solve>(TimeSpan.FromSeconds(10));

        // Learn never returns; the capture waits for it no longer than its deadline, and the next slot is declined.
        actor.Tell(Outcome(0));
        actor.Tell(new CaptureState(TestActor));
        actor.Tell(Decide(1, solver.Ref));

        var captured = ExpectMsg<StateCaptured>(TimeSpan.FromSeconds(10));
        Assert.True(captured.State.IsEmpty);
        Assert.Equal(1, ExpectMsg<Declined>().Slot.Value);

        using var fresh = new HeldLearner();
        var resumed = Sys.ActorOf(PolicyActor.Props(fresh, new DnnId(0), new PluginCallLimits(Deadline, 3)));
        resumed.Tell(new RestoreState([]));
        var restored = ExpectMsg<StateRestored>();
        Assert.Null(restored.Error);
        Assert.Equal(0, fresh.StateReads);
    }

    [Fact]
    public void Should_decline_every_slot_of_a_policy_that_throws_or_proposes_the_wrong_size_without_counting_a_miss()
    {
        var actor = Sys.ActorOf(PolicyActor.Props(new WrongPolicy(), new DnnId(1), new PluginCallLimits(Deadline, 1)));
        var solver = CreateTestProbe();

        for (int slot = 0; slot < 4; slot++)
        {
            actor.Tell(Decide(slot, solver.Ref));
            var declined = ExpectMsg<Declined>(TimeSpan.FromSeconds(10));
            Assert.Equal(slot, declined.Slot.Value);
            Assert.Contains(slot % 2 == 0 ? "no licence" : "proposed 2 decisions for 3 tasks", declined.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_call_a_built_in_policy_in_place()
    {
        var actor = Sys.ActorOf(PolicyActor.Props(new LocalOnlyPolicy(), new DnnId(0)));
        var solver = CreateTestProbe();

        actor.Tell(Decide(4, solver.Ref));

        var solve = solver.ExpectMsg<Solve>();
        Assert.Equal([false, false, false], solve.Candidates.ToArray());
    }

    private static Decide Decide(long slot, IActorRef solver) => new(new SlotId(slot), Workload, 0, solver);

    private static SlotOutcomeReport Outcome(long slot) => new(new SlotId(slot), Workload, [true, true, true], 1.0, [1.0], double.NaN, new DnnId(0));

    /// <summary>
    /// Each call waits until the test lets one through (ReleaseOne): held forever, it is a call that never returns.
    /// Disposing lets every held call go, so no thread outlives the test.
    /// </summary>
    private class HeldPolicy : IOffloadingPolicy, ICheckpointable, IDisposable
    {
        private readonly SemaphoreSlim gate = new(0);
        private readonly CancellationTokenSource released = new();
        private int calls;

        public string Name => "held";

        public int Calls => Volatile.Read(ref calls);

        public int StateReads { get; private set; }

        public void ReleaseOne() => gate.Release();

        public OffloadDecision Decide(Workload workload)
        {
            Interlocked.Increment(ref calls);
            Hold();
            return OffloadDecision.Uniform(workload.TaskCount, offload: true);
        }

        public void WriteState(BinaryWriter writer) => writer.Write(Calls);

        public void ReadState(BinaryReader reader)
        {
            StateReads++;
            reader.ReadInt32();
        }

        public void Dispose() => released.Cancel();

        protected void Hold()
        {
            try
            {
                gate.Wait(released.Token);
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        }
    }

    /// <summary>A held policy that learns online: its Learn is held likewise.</summary>
    private sealed class HeldLearner : HeldPolicy, ILearningPolicy
    {
        public void Learn(SlotOutcome outcome) => Hold();
    }

    /// <summary>Throws on even calls, proposes one decision too few on odd ones.</summary>
    private sealed class WrongPolicy : IOffloadingPolicy
    {
        private int calls;

        public string Name => "wrong";

        public OffloadDecision Decide(Workload workload) => calls++ % 2 == 0
            ? throw new InvalidOperationException("no licence")
            : OffloadDecision.Uniform(workload.TaskCount - 1, offload: true);
    }
}
