using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Simulation;

public sealed class SimulationSpecs
{
    [Fact]
    public async Task Should_learn_a_policy_that_beats_local_only_and_edge_only()
    {
        var scenario = Scenario.Load(null, ["ddlo.run.steps=3000", "ddlo.learning.dnn-count=3"]);

        var record = await SimulationRunner.RunAsync(scenario);
        var summary = RunSummary.From(record);

        Assert.Equal(3000, summary.SlotsGenerated);
        Assert.Equal(3000, summary.SlotsDecided);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => (long)i), record.Steps.Select(s => s.Slot));
        Assert.Equal(0, summary.DegradedSlots);
        var byPolicy = summary.Policies.ToDictionary(p => p.Policy);
        Assert.True(byPolicy["ddlo"].MeanQ < byPolicy["local"].MeanQ, $"DDLO {byPolicy["ddlo"].MeanQ} vs local {byPolicy["local"].MeanQ}");
        Assert.True(byPolicy["ddlo"].MeanQ < byPolicy["edge"].MeanQ, $"DDLO {byPolicy["ddlo"].MeanQ} vs edge {byPolicy["edge"].MeanQ}");
        Assert.InRange(summary.GainRatio, 0.95, 1.0);
        Assert.NotEmpty(record.Losses);
        // Warm-up 512: the first round follows the 520th decision, then one every 10 decisions, for each of the 3 DNNs.
        Assert.Equal(3 * (((3000 - 520) / 10) + 1), record.Losses.Length);
    }

    [Fact]
    public async Task Should_repeat_a_sequential_run_exactly_for_the_same_seed()
    {
        var scenario = Scenario.Load(null, ["ddlo.run.steps=800", "ddlo.learning.dnn-count=2", "ddlo.learning.warmup=100", "ddlo.run.seed=9"]);

        var first = await SimulationRunner.RunAsync(scenario);
        var second = await SimulationRunner.RunAsync(scenario);

        Assert.Equal(first.Steps.Select(s => (s.Q, s.Winner)), second.Steps.Select(s => (s.Q, s.Winner)));
        Assert.Equal(first.Losses.Select(l => l.Loss), second.Losses.Select(l => l.Loss));
    }
}
