using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Checkpoints;

public sealed class ResumeSpecs : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-resume-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static Scenario Scenario(int maxInFlight, params string[] more) => Ddlo.Actors.Configuration.Scenario.Load(null, [
        "ddlo.run.steps=3000", "ddlo.learning.dnn-count=3", "ddlo.learning.warmup=200", "ddlo.run.seed=11",
        "ddlo.run.checkpoint-interval=400", $"ddlo.run.max-in-flight={maxInFlight}", .. more]);

    /// <summary>
    /// Every learner state a checkpoint must carry beyond the paper's: per-device networks, the noisy quantiser's
    /// stream, the adaptive count in mid-window (400 is not a multiple of 7), and device search.
    /// </summary>
    [Fact]
    public async Task Should_continue_a_stopped_per_device_run_with_adaptive_noisy_candidates_and_search_into_the_uninterrupted_record()
    {
        var scenario = Scenario(
            1,
            "ddlo.run.steps=1200", "ddlo.system.devices=20", "ddlo.system.uplink-mbps=1000", "ddlo.run.score-against-optimum=off",
            "ddlo.learning.architecture=per-device", "ddlo.learning.hidden-layers=[32,32]", "ddlo.learning.input-scale=1",
            "ddlo.learning.quantiser=noisy-order-preserving", "ddlo.learning.candidates-per-dnn=8",
            "ddlo.learning.adaptive-candidates=on", "ddlo.learning.adaptive-interval=7", "ddlo.learning.device-search-rounds=2");
        var (uninterrupted, resumed) = await UninterruptedAndResumed(scenario, steps: 1200);

        Assert.Equal(
            uninterrupted.Steps.Select(s => (s.Q, s.NetworkQ, s.Winner, s.Candidate, s.Candidates)),
            resumed.Steps.Select(s => (s.Q, s.NetworkQ, s.Winner, s.Candidate, s.Candidates)));
        Assert.Equal(uninterrupted.Losses.Select(l => (l.Dnn, l.Round, l.Loss)), resumed.Losses.Select(l => (l.Dnn, l.Round, l.Loss)));
        // The run did exercise what it claims: search improved decisions, and the adaptive count moved.
        Assert.Contains(uninterrupted.Steps, s => s.Q < s.NetworkQ);
        Assert.True(uninterrupted.Steps.Select(s => s.Candidates).Distinct().Count() > 1, "the candidate count never adapted");
    }

    /// <summary>
    /// MUMT with moving devices, uplink channels and device classes across a stop: each device's walk and fading stream continue exactly, and so do the
    /// per-device networks that see each device's rate.
    /// </summary>
    [Fact]
    public async Task Should_continue_a_stopped_run_with_uplink_channels_into_exactly_the_uninterrupted_record()
    {
        var scenario = Scenario(
            1,
            "ddlo.run.steps=1200", "ddlo.system.devices=12", "ddlo.system.uplink-mbps=600", "ddlo.channel.enabled=on", "ddlo.channel.fading=rician",
            "ddlo.device-classes.fast.share=0.5", "ddlo.device-classes.slow.share=0.5", "ddlo.device-classes.slow.local-time-per-bit=9.5e-7",
            "ddlo.mobility.model=random-waypoint", "ddlo.mobility.pause-s=3",
            "ddlo.learning.architecture=per-device", "ddlo.learning.hidden-layers=[32,32]", "ddlo.learning.input-scale=1",
            "ddlo.learning.dnn-count=1", "ddlo.learning.quantiser=order-preserving", "ddlo.learning.candidates-per-dnn=2");
        var (uninterrupted, resumed) = await UninterruptedAndResumed(scenario, steps: 1200);

        Assert.Equal(uninterrupted.Steps.Select(s => s.WithoutTiming()), resumed.Steps.Select(s => s.WithoutTiming()));
        Assert.Equal(uninterrupted.Losses.ToArray(), resumed.Losses.ToArray());
    }

    /// <summary>
    /// DROO on WPMEC across a stop: the devices' fading streams, the per-round Adam with weight decay, the adaptive count
    /// and the rates (maximised, scored exhaustively) continue exactly.
    /// </summary>
    [Fact]
    public async Task Should_continue_a_stopped_wpmec_run_into_exactly_the_uninterrupted_record()
    {
        var scenario = Scenario(
            1,
            "ddlo.run.steps=1200", "ddlo.system.model=wpmec", "ddlo.system.devices=6", "ddlo.learning.dnn-count=1",
            "ddlo.learning.quantiser=order-preserving", "ddlo.learning.candidates-per-dnn=6", "ddlo.learning.adaptive-candidates=on",
            "ddlo.learning.adaptive-interval=7", "ddlo.learning.optimizer-state=per-round", "ddlo.learning.weight-decay=1e-4");
        var (uninterrupted, resumed) = await UninterruptedAndResumed(scenario, steps: 1200);

        Assert.Equal(
            uninterrupted.Steps.Select(s => (s.Q, s.OptimalQ, s.LocalQ, s.Candidates)),
            resumed.Steps.Select(s => (s.Q, s.OptimalQ, s.LocalQ, s.Candidates)));
        Assert.Equal(uninterrupted.Losses.Select(l => (l.Round, l.Loss)), resumed.Losses.Select(l => (l.Round, l.Loss)));
        Assert.All(resumed.Steps, s => Assert.True(s.GainRatio <= 1 + 1e-12, "a rate above the exhaustive optimum"));
    }

    /// <summary>
    /// LyDROO across a stop: each device's data and energy queues, its arrival stream and its first-in-first-out record
    /// of waiting data, the network's inputs with the queues, and the noisy quantiser's stream continue exactly.
    /// </summary>
    [Fact]
    public async Task Should_continue_a_stopped_lydroo_run_with_its_queues_into_exactly_the_uninterrupted_record()
    {
        var scenario = Scenario(
            1,
            "ddlo.run.steps=1200", "ddlo.system.model=lydroo", "ddlo.system.devices=5", "ddlo.learning.dnn-count=1",
            "ddlo.learning.quantiser=noisy-order-preserving", "ddlo.learning.candidates-per-dnn=5", "ddlo.learning.adaptive-candidates=on",
            "ddlo.learning.training-interval=20", "ddlo.learning.optimizer-state=per-round", "ddlo.learning.weight-decay=1e-4");
        var (uninterrupted, resumed) = await UninterruptedAndResumed(scenario, steps: 1200);

        Assert.Equal(uninterrupted.Steps.Select(s => (s.Q, s.OptimalQ, s.Candidates, s.Queues)), resumed.Steps.Select(s => (s.Q, s.OptimalQ, s.Candidates, s.Queues)));
        Assert.Equal(uninterrupted.Losses.Select(l => (l.Round, l.Loss)), resumed.Losses.Select(l => (l.Round, l.Loss)));
        Assert.All(resumed.Steps, s => Assert.NotNull(s.Queues));
        Assert.True(resumed.Steps[^1].Queues!.DataQueue > 0, "the queues were not carried across the stop");
    }

    [Fact]
    public async Task Should_continue_a_stopped_sequential_run_into_exactly_the_uninterrupted_record()
    {
        var scenario = Scenario(maxInFlight: 1);
        var (uninterrupted, resumed) = await UninterruptedAndResumed(scenario, steps: 3000);

        Assert.Equal(uninterrupted.Steps.Select(s => (s.Q, s.OptimalQ, s.Winner)), resumed.Steps.Select(s => (s.Q, s.OptimalQ, s.Winner)));
        Assert.Equal(uninterrupted.Losses.Select(l => (l.Dnn, l.Round, l.Loss)), resumed.Losses.Select(l => (l.Dnn, l.Round, l.Loss)));
        Assert.True(resumed.Checkpoints.Count >= 1, "the resumed run saves checkpoints of its own");
    }

    /// <summary>
    /// Stopped with four slots in flight (at whatever slot the stop lands on, not at a checkpoint interval) and resumed,
    /// a run with a staleness of 3 decides every slot once, and exactly as the sequential loop with that staleness does:
    /// the networks' kept past weights and the memory's order cross the stop.
    /// </summary>
    [Fact]
    public async Task Should_continue_a_stopped_run_with_slots_in_flight_into_exactly_the_sequential_record()
    {
        var sequential = await SimulationRunner.RunAsync(Scenario(maxInFlight: 1, "ddlo.learning.staleness=3"));
        var scenario = Scenario(maxInFlight: 4, "ddlo.learning.staleness=3");

        long stopped = await StopAfterFirstCheckpoint(scenario);
        var resumed = await Resume(scenario);

        Assert.InRange(stopped, 1, 2999);
        Assert.Equal(stopped, resumed.ResumedFrom);
        Assert.Equal(sequential.Steps.Select(s => s.WithoutTiming()), resumed.Steps.Select(s => s.WithoutTiming()));
        Assert.Equal(sequential.Losses.ToArray(), resumed.Losses.ToArray());
        // Every training round exactly once for each DNN: none repeated or lost across the stop.
        Assert.Equal(3 * scenario.Settings.Learning.Schedule.RoundsAfter(3000), resumed.Losses.Length);
    }

    [Fact]
    public async Task Should_fail_the_resume_with_the_part_that_cannot_take_up_its_state()
    {
        var scenario = Scenario(maxInFlight: 1);
        await StopAfterFirstCheckpoint(scenario);
        var checkpoint = CheckpointFile.Read(directory)!;
        var tampered = checkpoint with
        {
            Parts = [.. checkpoint.Parts.Select(p => p.Name == CheckpointParts.Memory ? p with { State = p.State[..20] } : p)],
        };

        var error = await Assert.ThrowsAsync<CheckpointException>(() =>
            SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings), new CheckpointOptions(directory, tampered), null, CancellationToken.None));
        Assert.Contains("memory 0 could not take up its saved state", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The scenario run in one go, and run again, stopped after its first checkpoint and resumed; checks that the
    /// resumed run started where the stop left it and decided every one of <paramref name="steps"/> slots once, in order.
    /// </summary>
    private async Task<(RunRecord Uninterrupted, RunRecord Resumed)> UninterruptedAndResumed(Scenario scenario, int steps)
    {
        var uninterrupted = await SimulationRunner.RunAsync(scenario);
        long stopped = await StopAfterFirstCheckpoint(scenario);
        var resumed = await Resume(scenario);
        Assert.Equal(stopped, resumed.ResumedFrom);
        Assert.Equal(Enumerable.Range(0, steps).Select(i => (long)i), resumed.Steps.Select(s => s.Slot));
        return (uninterrupted, resumed);
    }

    /// <summary>Runs until the first checkpoint file appears, then asks the run to stop; answers the step it stopped at.</summary>
    private async Task<long> StopAfterFirstCheckpoint(Scenario scenario)
    {
        using var stop = new CancellationTokenSource();
        // The deadline only bounds a broken run: one that never writes its checkpoint fails here instead of hanging.
        var checkpointWritten = FileAppearance.WaitAsync(CheckpointFile.PathIn(directory), TimeSpan.FromMinutes(5));
        var running = SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings), new CheckpointOptions(directory), null, stop.Token);
        if (await Task.WhenAny(checkpointWritten, running) == running)
        {
            await running;
            Assert.Fail("the run ended before its first checkpoint");
        }

        await checkpointWritten;
        await stop.CancelAsync();
        var outcome = await running;

        Assert.Null(outcome.Record);
        Assert.NotNull(outcome.Stopped);
        Assert.Equal(outcome.Stopped.Step, CheckpointFile.Read(directory)!.Step);
        return outcome.Stopped.Step;
    }

    private async Task<RunRecord> Resume(Scenario scenario)
    {
        var checkpoint = CheckpointFile.Read(directory)!;
        var outcome = await SimulationRunner.RunAsync(
            scenario, SimulationSources.Generated(scenario.Settings), new CheckpointOptions(directory, checkpoint), null, CancellationToken.None);
        return outcome.Record ?? throw new InvalidOperationException("the resumed run stopped again");
    }
}
