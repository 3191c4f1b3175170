using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Actors.Systems.Lydroo;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Lydroo;

/// <summary>
/// LyDROO on the same actors: each device actor owns its data and energy queues and its arrivals, reports them with its
/// channel gain, and updates them from each order's service; the critic prices the proposals.
/// </summary>
public sealed class LydrooSimulationSpecs
{
    private static string[] Lydroo(int devices, int steps, params string[] more) =>
        ["ddlo.system.model=lydroo", $"ddlo.system.devices={devices}", $"ddlo.run.steps={steps}", .. more];

    /// <summary>The actors' run against the reference loop without actors (<see cref="LyapunovSystem"/>), frame by frame.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Should_evolve_every_devices_queues_exactly_as_the_reference_loop_does(int maxInFlight)
    {
        const int frames = 300;
        var scenario = Scenario.Load(null, Lydroo(6, frames, "ddlo.run.policy=exhaustive", "ddlo.run.score-against-optimum=off", $"ddlo.run.max-in-flight={maxInFlight}"));
        var lydroo = scenario.Settings.System.Settings<LydrooSettings>();
        int seed = scenario.Settings.Run.Seed;

        var record = await SimulationRunner.RunAsync(scenario);
        var reference = new LyapunovSystem(lydroo.System, [.. Enumerable.Range(0, 6).Select(i => lydroo.Arrivals.Create(i, seed))], seed);
        var expected = Enumerable.Range(0, frames).Select(f => reference.Step(f, (h, q, y) => reference.BestMode(h, q, y, exhaustive: true))).ToList();

        Assert.Equal(frames, record.Steps.Length);
        for (int t = 0; t < frames; t++)
        {
            var step = record.Steps[t];
            var frame = expected[t];
            var queues = step.Queues!;
            Assert.Equal(frame.Allocation.Objective, step.Q);
            Assert.Equal(frame.DataQueues.Average(), queues.DataQueue, 12);
            Assert.Equal(frame.EnergyQueues.Average(), queues.EnergyQueue, 12);
            Assert.Equal(frame.Arrived.Average(), queues.Arrivals, 12);
            Assert.Equal(frame.Allocation.Bits.Average(), queues.Served, 12);
            Assert.Equal(frame.Allocation.Energy.Average(), queues.Energy, 12);
        }

        Assert.True(record.Steps[^1].Queues!.DataQueue > 0, "the queues never filled");
    }

    /// <summary>
    /// Little's law over a long stable run: the mean backlog equals the arrival rate times the mean time a bit waits,
    /// each measured on its own (the backlog from the queues the devices report, the wait from each device's first-in,
    /// first-out record of when its data arrived and when it was served).
    /// </summary>
    [Fact]
    public async Task Should_keep_littles_law_between_the_backlog_the_arrival_rate_and_each_bits_wait()
    {
        var scenario = Scenario.Load(null, Lydroo(4, 4000, "ddlo.run.policy=exhaustive", "ddlo.run.score-against-optimum=off"));

        var record = await SimulationRunner.RunAsync(scenario);
        var law = LittlesLaw.Of([.. record.Steps.Select(s => s.Queues!)])!;

        // Stable: the service keeps up with the 3 Mbit a frame that arrives, so the queues stay bounded.
        Assert.InRange(law.ArrivalRate, 2.85, 3.15);
        Assert.InRange(record.Steps.Skip(2000).Average(s => s.Queues!.Served) / law.ArrivalRate, 0.97, 1.03);
        Assert.True(law.MeanWait > 1, $"a bit waited {law.MeanWait} frames on average; a queue serves nothing in the frame it arrives");
        Assert.InRange(law.RelativeError, 0, 0.02);
    }

    /// <summary>LyDROO's learner: one network [3N, 256, 128, N] on gains and queues, noisy order-preserving candidates.</summary>
    [Fact]
    public async Task Should_learn_modes_close_to_the_critics_best_that_beat_the_fixed_modes()
    {
        var scenario = Scenario.Load(null, Lydroo(
            8, 1500, "ddlo.learning.dnn-count=1", "ddlo.learning.hidden-layers=[256, 128]", "ddlo.learning.quantiser=noisy-order-preserving",
            "ddlo.learning.candidates-per-dnn=8", "ddlo.learning.adaptive-candidates=on", "ddlo.learning.training-interval=20",
            "ddlo.learning.optimizer-state=per-round", "ddlo.learning.weight-decay=1e-4", "ddlo.learning.warmup=0", "ddlo.learning.initialisation=pytorch"));

        var record = await SimulationRunner.RunAsync(scenario);
        var summary = RunSummary.From(record);

        Assert.Equal(Objective.Maximise, summary.Objective);
        Assert.Equal("exhaustive", summary.OptimumSource);
        Assert.All(record.Steps, s => Assert.True(s.Q <= s.OptimalQ * (1 + 1e-12) + 1e-9, $"frame {s.Slot}: {s.Q} above the critic's best {s.OptimalQ}"));
        var byPolicy = summary.Policies.ToDictionary(p => p.Policy);
        Assert.True(summary.GainRatio > byPolicy["local"].MeanGainRatio && summary.GainRatio > byPolicy["edge"].MeanGainRatio);
        Assert.InRange(summary.GainRatio, 0.85, 1.0);
        // The network sees the queues: 3N inputs.
        Assert.Equal(24, scenario.Settings.NetworkOptions(0).NetworkInputs);
    }

    [Fact]
    public async Task Should_replay_arrivals_from_a_trace_file()
    {
        string trace = Path.Combine(Path.GetTempPath(), $"ddlo-trace-{Guid.NewGuid():N}.csv");
        File.WriteAllText(trace, "frame,device,mbit\n0,0,5\n0,1,1\n1,0,2\n2,1,4\n");
        try
        {
            var scenario = Scenario.Load(null, Lydroo(2, 9, "ddlo.run.policy=local", "ddlo.arrivals.process=trace", $"ddlo.arrivals.trace={trace}"));

            var record = await SimulationRunner.RunAsync(scenario);

            // Frames 0, 1, 2 bring (5 + 1) / 2, 2 / 2 and 4 / 2 Mbit a device; the trace then starts again.
            Assert.Equal([3.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 2.0], record.Steps.Select(s => s.Queues!.Arrivals));
        }
        finally
        {
            File.Delete(trace);
        }
    }
}
