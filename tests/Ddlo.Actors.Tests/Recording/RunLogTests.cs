using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Core.Model;
using Ddlo.Core.Scoring;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Recording;

public sealed class RunLogTests
{
    private static readonly ISystemModel Model = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);
    private static readonly Workload Workload = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);

    [Fact]
    public void Should_score_a_slot_against_the_optimum_and_the_local_only_and_edge_only_baselines()
    {
        var log = new RunLog(Settings(oracle: new FixedOracle(slot => 2.0)));

        var record = log.Add(Decided(0, q: 4.0));

        Assert.Equal(2.0, record.OptimalQ);
        Assert.Equal(Model.Value(Workload, OffloadDecision.Uniform(9, offload: false)), record.LocalQ);
        Assert.Equal(Model.Value(Workload, OffloadDecision.Uniform(9, offload: true)), record.EdgeQ);
        Assert.Equal(0.5, record.GainRatio);
        Assert.Equal(9, record.Offloaded);
        Assert.Equal(Objective.Minimise, record.Objective);
    }

    [Fact]
    public void Should_average_the_gain_over_the_last_rolling_window_scored_slots_only()
    {
        // Q* = 1 on even slots, not scored on odd ones; Q = slot + 1, so the gains are 1, 1/3, 1/5.
        var log = new RunLog(Settings(oracle: new FixedOracle(slot => slot % 2 == 0 ? 1.0 : double.NaN)) with { RollingWindow = 2 });
        Assert.Null(log.RollingGain);

        log.Add(Decided(0, q: 1.0));
        Assert.Equal(1.0, log.RollingGain);
        log.Add(Decided(1, q: 2.0));
        Assert.Equal(1.0, log.RollingGain);
        log.Add(Decided(2, q: 3.0));
        log.Add(Decided(3, q: 4.0));
        log.Add(Decided(4, q: 5.0));

        Assert.Equal(((1.0 / 3) + (1.0 / 5)) / 2, log.RollingGain!.Value, 12);
        Assert.Equal(log.RollingGain!.Value, log.Progress().RollingGainRatio);
    }

    [Fact]
    public void Should_complete_once_every_slot_is_decided_and_every_dnn_has_flushed_or_is_lost_and_only_once()
    {
        var log = new RunLog(Settings(dnnCount: 2));
        log.Add(Decided(0, q: 1.0));

        Assert.Null(log.Flushed(new DnnId(0), [1, 2]));
        Assert.Null(log.Lost(new DnnId(1)));
        var complete = log.AllSlotsDecided(slotsGenerated: 1);
        Assert.Null(log.Flushed(new DnnId(1), []));

        Assert.NotNull(complete);
        Assert.Equal(1, complete.Record.SlotsGenerated);
        Assert.Equal([0], complete.Record.NetworkWeights.Keys);
    }

    [Fact]
    public void Should_not_complete_while_a_dnn_has_neither_flushed_nor_been_lost()
    {
        var log = new RunLog(Settings(dnnCount: 2));

        Assert.Null(log.AllSlotsDecided(slotsGenerated: 0));
        Assert.Null(log.Flushed(new DnnId(0), []));
        Assert.Null(log.Flushed(new DnnId(0), []));
        Assert.NotNull(log.Lost(new DnnId(1)));
    }

    [Fact]
    public void Should_record_the_slots_in_slot_order_and_the_losses_by_round_then_dnn()
    {
        var log = new RunLog(Settings(dnnCount: 1));
        log.Add(Decided(1, q: 1.0));
        log.Add(Decided(0, q: 1.0));
        log.Add(new Trained(new DnnId(1), 2, new SlotId(1), 0.4));
        log.Add(new Trained(new DnnId(0), 2, new SlotId(1), 0.3));
        log.Add(new Trained(new DnnId(0), 1, new SlotId(0), 0.5));

        Assert.Null(log.AllSlotsDecided(2));
        var record = log.Flushed(new DnnId(0), [])!.Record;

        Assert.Equal([0L, 1], record.Steps.Select(s => s.Slot));
        Assert.Equal([(1L, 0), (2L, 0), (2L, 1)], record.Losses.Select(l => (l.Round, l.Dnn)));
    }

    [Fact]
    public void Should_stop_the_run_once_when_the_restarts_pass_the_limit()
    {
        var log = new RunLog(Settings() with { MaxDnnRestarts = 2 });

        Assert.Null(log.DnnRestarted("first"));
        Assert.Null(log.DnnRestarted("second"));
        var stop = log.DnnRestarted("third\nstack trace");
        Assert.Null(log.DnnRestarted("fourth"));

        Assert.NotNull(stop);
        Assert.Contains("restarted 3 times", stop.Reason, StringComparison.Ordinal);
        Assert.Contains("'third'", stop.Reason, StringComparison.Ordinal);
        Assert.Equal(4, log.Restarts);
    }

    [Fact]
    public void Should_time_the_set_up_apart_from_the_run_which_ends_at_the_last_decision()
    {
        var clock = new ManualClock();
        var log = new RunLog(Settings() with { Clock = clock });
        Assert.Equal(0, log.Progress().StepsPerSecond);

        clock.Advance(TimeSpan.FromSeconds(5));
        log.Start();
        clock.Advance(TimeSpan.FromSeconds(2));
        log.Add(Decided(0, q: 1.0));
        Assert.Equal(0.5, log.Progress().StepsPerSecond, 9);
        clock.Advance(TimeSpan.FromSeconds(3));

        log.Flushed(new DnnId(0), []);
        var record = log.AllSlotsDecided(1)!.Record;
        Assert.Equal(5.0, record.SetupSeconds, 9);
        Assert.Equal(2.0, record.ElapsedSeconds, 9);
    }

    [Fact]
    public void Should_go_on_from_its_checkpoint_with_the_records_losses_restarts_gap_and_clock_it_saved()
    {
        var clock = new ManualClock();
        var oracle = new FixedOracle(slot => 1.0) { WorstGap = 0.25 };
        var before = new RunLog(Settings(oracle: oracle) with { Clock = clock, RollingWindow = 2 });
        before.Start();
        before.Add(Decided(0, q: 2.0));
        before.Add(Decided(1, q: 4.0) with { Degraded = true, SearchQ = 3.5, Priced = 41 });
        before.Add(new Trained(new DnnId(0), 1, new SlotId(1), 0.5));
        before.DnnRestarted("failed");
        clock.Advance(TimeSpan.FromSeconds(4));
        var state = StateBlob.Write(before);

        var after = new RunLog(Settings(oracle: null) with { Clock = clock, RollingWindow = 2 });
        StateBlob.Read(state, after);
        after.Start();
        clock.Advance(TimeSpan.FromSeconds(2));
        after.Add(Decided(2, q: 1.0));

        // The restored slots were scored (Q* = 1, gains 1/2 and 1/4); the new one is not.
        Assert.Equal(0.375, after.RollingGain!.Value, 12);
        Assert.Equal(1, after.Restarts);
        Assert.Equal(1, after.Progress().Degraded);
        after.Flushed(new DnnId(0), []);
        var record = after.AllSlotsDecided(3)!.Record;
        Assert.Equal([0L, 1, 2], record.Steps.Select(s => s.Slot));
        Assert.Equal([0.5, 0.25], record.Steps.Take(2).Select(s => s.GainRatio));
        Assert.Equal([double.NaN, 3.5, double.NaN], record.Steps.Select(s => s.SearchQ));
        Assert.Equal([1L, 41, 1], record.Steps.Select(s => s.Priced));
        Assert.Equal(9, record.DecisionBits);
        Assert.Single(record.Losses);
        Assert.Equal(1, record.DnnRestarts);
        Assert.Equal(0.25, record.OptimumGap);
        Assert.Equal(6.0, record.ElapsedSeconds, 9);
    }

    private static RecorderSettings Settings(int dnnCount = 1, IOptimumOracle? oracle = null) =>
        new(Model, Steps: 10, dnnCount, oracle, RollingWindow: 10, Policy: "ddlo");

    private static SlotDecided Decided(long slot, double q) =>
        new(new SlotId(slot), Workload, OffloadDecision.Uniform(9, offload: true).Bits, q, new DnnId(0), 1, false, 50);

    private sealed class FixedOracle(Func<long, double> optimum) : IOptimumOracle
    {
        public string Name => "fixed";

        public double WorstGap { get; init; }

        public double OptimalQ(long slot, Workload workload) => optimum(slot);
    }
}
