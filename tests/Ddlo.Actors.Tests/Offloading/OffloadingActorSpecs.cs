using Akka.Actor;
using System.Collections.Immutable;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Offloading;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Tests.Offloading;

public sealed class OffloadingActorSpecs : TestKit
{
    private static readonly NetworkOptions Options = new(9, ImmutableArray.Create(120, 80), 0.01, Seed: 3);
    private static readonly InputNormalizer Normalizer = new(10, 30, 100);

    [Fact]
    public void Should_lower_its_loss_when_trained_on_a_fixed_labelled_set()
    {
        var recorder = CreateTestProbe();
        var dnn = Sys.ActorOf(OffloadingActor.Props(new DnnId(0), Options, Normalizer, recorder.Ref));
        var batch = FixedBatch();

        var losses = new List<double>();
        for (int round = 1; round <= 60; round++)
        {
            dnn.Tell(batch with { Round = round });
            var trained = recorder.ExpectMsg<Trained>();
            Assert.Equal(round, trained.Round);
            losses.Add(trained.Loss);
        }

        Assert.True(losses[^1] < losses[0] / 3, $"loss {losses[0]} -> {losses[^1]}");
    }

    [Fact]
    public void Should_hold_a_decision_until_the_training_round_it_must_follow_is_applied()
    {
        var recorder = CreateTestProbe();
        var dnn = Sys.ActorOf(OffloadingActor.Props(new DnnId(4), Options, Normalizer, recorder.Ref));

        dnn.Tell(new Decide(new SlotId(7), Core.Model.Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]), TrainingRounds: 1, Solver: TestActor));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        dnn.Tell(FixedBatch() with { Round = 1 });

        // The candidate goes to the solver Decide names, for the sender of Decide.
        var candidate = ExpectMsg<Solve>();
        Assert.Equal(TestActor, LastSender);
        Assert.Equal(new SlotId(7), candidate.Slot);
        Assert.Equal(new DnnId(4), candidate.Dnn);
        Assert.Equal(9, candidate.Candidates.Length);
        Assert.Equal(1, recorder.ExpectMsg<Trained>().Round);
    }

    [Fact]
    public void Should_restart_with_its_last_good_weights_when_a_training_round_diverges()
    {
        var recorder = CreateTestProbe();
        var dnn = Sys.ActorOf(OffloadingActor.Props(new DnnId(1), Options, Normalizer, recorder.Ref));
        var good = FixedBatch();
        for (int round = 1; round <= 5; round++)
        {
            dnn.Tell(good with { Round = round });
            recorder.ExpectMsg<Trained>();
        }

        var workloads = Enumerable.Range(0, 20).Select(i => new Decide(new SlotId(i), Workload(i), TrainingRounds: 5, Solver: TestActor)).ToList();
        var before = workloads.Select(decide => Ask(dnn, decide)).ToList();

        // A batch with a NaN size makes the loss NaN: the round is poisoned and the weights with it.
        float[] poisoned = [.. good.Sizes];
        poisoned[0] = float.NaN;
        dnn.Tell(good with { Round = 6, Sizes = [.. poisoned] });
        var restarted = recorder.ExpectMsg<DnnRestarted>();
        Assert.Equal(new DnnId(1), restarted.Dnn);
        Assert.Contains("non-finite loss", restarted.Reason, StringComparison.Ordinal);

        // After the restart it decides exactly as before the bad round, and it does not wait for round 6 again.
        var after = workloads.Select(decide => Ask(dnn, decide with { TrainingRounds = 6 })).ToList();
        Assert.Equal(before, after);

        // ...which is not what a fresh network of the same seed would decide.
        var fresh = Sys.ActorOf(OffloadingActor.Props(new DnnId(1), Options, Normalizer, CreateTestProbe().Ref));
        Assert.NotEqual(before, workloads.Select(decide => Ask(fresh, decide with { TrainingRounds = 0 })).ToList());
    }

    [Fact]
    public void Should_answer_a_flush_to_whom_it_names()
    {
        var dnn = Sys.ActorOf(OffloadingActor.Props(new DnnId(2), Options, Normalizer, CreateTestProbe().Ref));

        dnn.Tell(new FlushTraining(TestActor));

        Assert.Equal(new DnnId(2), ExpectMsg<Flushed>().Dnn);
    }

    /// <summary>
    /// With slots in flight a network may have trained past the round a slot is to be decided after: it answers from
    /// the weights it kept for that round, exactly what it answered then; and a decision that must wait for a round
    /// keeps the ones asked after it waiting behind it.
    /// </summary>
    [Fact]
    public void Should_answer_a_slot_from_the_round_it_names_after_training_past_it()
    {
        var recorder = CreateTestProbe();
        var dnn = Sys.ActorOf(OffloadingActor.Props(new DnnId(0), Options, Normalizer, recorder.Ref, pastRounds: 3));
        var workloads = Enumerable.Range(0, 20).Select(Workload).ToList();
        string Answers(long rounds) => string.Join(' ', workloads.Select((w, i) => Ask(dnn, new Decide(new SlotId(i), w, rounds, TestActor))));

        string before = Answers(0);
        for (int round = 1; round <= 2; round++)
        {
            dnn.Tell(FixedBatch() with { Round = round });
            recorder.ExpectMsg<Trained>();
        }

        Assert.Equal(before, Answers(0));
        Assert.NotEqual(before, Answers(2));

        dnn.Tell(new Decide(new SlotId(30), workloads[0], 3, TestActor), TestActor);
        dnn.Tell(new Decide(new SlotId(31), workloads[1], 2, TestActor), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        dnn.Tell(FixedBatch() with { Round = 3 });
        Assert.Equal([30L, 31L], new[] { ExpectMsg<Solve>().Slot.Value, ExpectMsg<Solve>().Slot.Value });
    }

    private string Ask(Akka.Actor.IActorRef dnn, Decide decide)
    {
        dnn.Tell(decide, TestActor);
        return string.Concat(ExpectMsg<Solve>().Candidates.Select(x => x ? '1' : '0'));
    }

    private static Core.Model.Workload Workload(int seed)
    {
        var random = new Random(seed);
        return Core.Model.Workload.Create(3, 3, Enumerable.Range(0, 9).Select(_ => (double)random.Next(10, 31)));
    }

    /// <summary>A fixed set: offload exactly the tasks above 20 MB.</summary>
    private static TrainingBatch FixedBatch()
    {
        var random = new Random(5);
        float[] sizes = Enumerable.Range(0, 64 * 9).Select(_ => (float)random.Next(10, 31)).ToArray();
        float[] labels = sizes.Select(s => s > 20 ? 1f : 0f).ToArray();
        return new TrainingBatch(1, new SlotId(0), 64, [.. sizes], [.. labels]);
    }
}
