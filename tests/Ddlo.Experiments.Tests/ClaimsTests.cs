namespace Ddlo.Experiments.Tests;

/// <summary>The claims are pure functions of a kind's typed results: judged here on results made by hand, no run needed.</summary>
public sealed class ClaimsTests
{
    private static ExperimentPlan Plan(string kind, string sweepKey, string[] values, string[] policies) =>
        new(kind, kind, kind, null, sweepKey, [.. values], [.. policies], Repetitions: 1, Steps: 100, Overrides: []);

    [Theory]
    [InlineData(700, 800, 1200, 1300, true)]
    [InlineData(700, 650, 1200, 1300, false)]
    public void Should_judge_the_energy_claim_that_every_schemes_cost_rises_with_the_weight(double ddloLow, double ddloHigh, double localLow, double localHigh, bool holds)
    {
        var plan = Plan("energy", "ddlo.system.alpha", ["1", "2"], ["ddlo", "local"]);
        var results = new EnergyResults(
        [
            new("1", 1, "ddlo", ddloLow, 0.99, "exhaustive"), new("2", 1, "ddlo", ddloHigh, 0.99, "exhaustive"),
            new("1", 1, "local", localLow, 0.6, "exhaustive"), new("2", 1, "local", localHigh, 0.6, "exhaustive"),
        ]);

        var rising = new EnergyExperiment().Claims(plan, results).First();

        Assert.Equal(holds, rising.Holds);
        Assert.Equal(holds ? "every scheme's mean Q rises (or stays) with each step of the sweep" : "falls somewhere for: DDLO", rising.Measured);
    }

    [Fact]
    public void Should_judge_the_ddlo_energy_claim_on_its_worst_gain_ratio_over_the_sweep()
    {
        var plan = Plan("energy", "ddlo.system.beta", ["1", "2"], ["ddlo"]);
        var results = new EnergyResults([new("1", 1, "ddlo", 700, 0.995, "dual"), new("2", 1, "ddlo", 800, 0.97, "dual")]);

        var close = new EnergyExperiment().Claims(plan, results).Last();

        Assert.False(close.Holds);
        Assert.Contains("0.9700 (at beta = 2)", close.Measured, StringComparison.Ordinal);
        Assert.Contains("certified dual", close.Statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_find_where_each_dnn_count_converges_from_the_seeds_mean_curve()
    {
        var plan = Plan("convergence", "ddlo.learning.dnn-count", ["1", "2", "5"], ["ddlo"]);
        // K = 5 reaches 0.98 at step 3, K = 2 at step 4, K = 1 never; the window is 2 steps.
        var results = new ConvergenceResults(
        [
            new("1", 1, [0.5, 0.6, 0.7, 0.8, 0.9], 0.85, 2),
            new("2", 1, [0.5, 0.9, 0.95, 0.99, 0.99], 0.99, 2),
            new("5", 1, [0.5, 0.97, 0.98, 0.99, 0.99], 0.99, 2),
        ]);

        var claims = new ConvergenceExperiment().Claims(plan, results).ToList();

        Assert.Equal([3L, 4L, null], results.ByValue(["5", "2", "1"]).Select(v => v.Reach));
        Assert.Equal(true, claims.Single(c => c.Statement == "1 DNN does not converge").Holds);
        Assert.Equal(true, claims.Single(c => c.Statement == "More DNNs converge faster").Holds);
        // The runs end before step 1,000: the claim about step 1,000 cannot be judged.
        Assert.Null(claims.Single(c => c.Statement.StartsWith("With 5 DNNs", StringComparison.Ordinal)).Holds);
    }

    [Fact]
    public void Should_attach_the_papers_energy_claims_only_to_its_own_sweeps_of_alpha_and_beta()
    {
        var plan = Plan("energy", "ddlo.system.uplink-mbps", ["50", "100"], ["ddlo"]);
        var results = new EnergyResults([new("50", 1, "ddlo", 800, 0.95, "exhaustive"), new("100", 1, "ddlo", 700, 0.96, "exhaustive")]);

        Assert.Empty(new EnergyExperiment().Claims(plan, results));
    }

    [Fact]
    public void Should_give_the_95_percent_confidence_interval_of_a_hand_worked_sample()
    {
        // n = 5, mean 3, s = sqrt(2.5) = 1.58114; t(0.975, 4) = 2.77645; half width 2.77645 x 1.58114 / sqrt(5) = 1.96324.
        var (mean, low, high) = SeedStatistics.ConfidenceInterval([1.0, 2, 3, 4, 5]);

        Assert.Equal(3, mean, 12);
        Assert.Equal(3 - 1.96324, low, 4);
        Assert.Equal(3 + 1.96324, high, 4);
        Assert.Equal("3.00 ± 1.58 [1.04, 4.96]", SeedStatistics.MeanAndSpread([1.0, 2, 3, 4, 5], "0.00"));
        Assert.Equal("7.00", SeedStatistics.MeanAndSpread([7.0], "0.00"));
    }
}
