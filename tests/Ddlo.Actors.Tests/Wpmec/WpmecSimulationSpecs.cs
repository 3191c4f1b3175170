using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Wpmec;

/// <summary>DROO on the same actors as DDLO: devices report channel gains, one network proposes, solvers price, the best rate is kept.</summary>
public sealed class WpmecSimulationSpecs
{
    /// <summary>DROO's learner (one network, order-preserving candidates, adaptive count) on 6 generated devices.</summary>
    private static readonly string[] Droo =
    [
        "ddlo.system.model=wpmec", "ddlo.system.devices=6", "ddlo.learning.dnn-count=1", "ddlo.learning.quantiser=order-preserving",
        "ddlo.learning.candidates-per-dnn=6", "ddlo.learning.adaptive-candidates=on", "ddlo.learning.warmup=0",
    ];

    [Fact]
    public async Task Should_learn_near_optimal_modes_that_never_beat_the_exhaustive_optimum()
    {
        var scenario = Scenario.Load(null, [.. Droo, "ddlo.run.steps=2500"]);

        var record = await SimulationRunner.RunAsync(scenario);
        var summary = RunSummary.From(record);

        Assert.Equal(2500, summary.SlotsDecided);
        Assert.Equal(Objective.Maximise, summary.Objective);
        Assert.Equal("exhaustive", summary.OptimumSource);
        // The optimum bounds every kept rate, and the exhaustive oracle's rate is one a decision can reach.
        Assert.All(record.Steps, s => Assert.True(s.Q <= s.OptimalQ * (1 + 1e-12), $"slot {s.Slot}: {s.Q} above the optimum {s.OptimalQ}"));
        Assert.Contains(record.Steps, s => s.Q == s.OptimalQ);
        Assert.All(record.Steps, s => Assert.InRange(s.GainRatio, 0, 1 + 1e-12));
        var byPolicy = summary.Policies.ToDictionary(p => p.Policy);
        Assert.True(byPolicy["ddlo"].MeanQ > byPolicy["edge"].MeanQ && byPolicy["ddlo"].MeanQ > byPolicy["local"].MeanQ);
        Assert.InRange(summary.GainRatio, 0.99, 1.0);
        Assert.True(byPolicy["edge"].MeanGainRatio < summary.GainRatio);
        // The adaptive count shrinks the candidates priced as the network learns: fewer than 6 a slot late in the run.
        Assert.True(record.Steps.Skip(2000).Average(s => s.Candidates) < 6, "the candidate count did not adapt");
    }

    [Fact]
    public async Task Should_decide_with_each_wpmec_baseline_in_the_same_pipeline()
    {
        foreach (string policy in new[] { "exhaustive", "coordinate-descent", "local", "edge", "random" })
        {
            var scenario = Scenario.Load(null, [.. Droo, "ddlo.run.steps=40", $"ddlo.run.policy={policy}"]);

            var record = await SimulationRunner.RunAsync(scenario);

            Assert.Equal(40, record.Steps.Length);
            Assert.Equal(policy, record.Policy);
            if (policy == "exhaustive")
            {
                Assert.All(record.Steps, s => Assert.Equal(s.OptimalQ, s.Q));
            }
        }
    }
}
