using Ddlo.Actors.Recording;
using Ddlo.Experiments;

namespace Ddlo.Experiments.Tests;

public sealed class ExperimentSummaryTests
{
    [Theory]
    [InlineData(1001, 800)]
    [InlineData(1000, 800)]
    [InlineData(5, 4)]
    [InlineData(1, 0)]
    [InlineData(0, 0)]
    public void Should_define_the_last_20_percent_once_rounding_its_length_up(int steps, int tailStart)
    {
        Assert.Equal(tailStart, RunSummary.TailStart(steps));
    }

    [Fact]
    public void Should_give_a_convergence_experiment_the_same_final_gain_as_the_run_summary()
    {
        // 1,001 steps: a tail of 200 (rounded down) and one of 201 (rounded up) differ in the step they start at.
        var steps = Enumerable.Range(0, 1001)
            .Select(t => new StepRecord(t, Q: 100, OptimalQ: t == 800 ? 50 : 99, LocalQ: 120, EdgeQ: 110, Winner: 0, Candidates: 5, Degraded: false, LatencyMicroseconds: 50, Offloaded: 3))
            .ToList();
        var record = new RunRecord([.. steps], [], DnnCount: 5, OptimumSource: "exhaustive", SlotsGenerated: 1001, ElapsedSeconds: 1, DnnRestarts: 0, Policy: "ddlo", OptimumGap: 0);

        double summary = RunSummary.From(record).GainRatio;
        double convergence = ConvergenceExperiment.TailMean([.. steps.Select(s => s.GainRatio)]);

        Assert.Equal(summary, convergence, 12);
    }

    [Theory]
    [InlineData("exhaustive", "greedy (exhaustive)")]
    [InlineData("dual", "optimum (certified dual)")]
    public void Should_name_the_optimum_of_an_energy_experiment_by_where_it_came_from(string source, string name)
    {
        Assert.Equal(name, EnergyExperiment.SeriesName("exhaustive", source));
        Assert.Equal("DDLO", EnergyExperiment.SeriesName("ddlo", source));
    }
}
