using Ddlo.Core.Model;
using Ddlo.Core.Search;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Tests.Search;

public sealed class DualDecompositionTests
{
    [Theory]
    [InlineData(3, 150.0)]
    [InlineData(4, 150.0)]
    [InlineData(4, 40.0)]
    [InlineData(5, 20.0)]
    public void Should_bound_the_exhaustive_optimum_from_below_and_usually_attain_it(int devices, double mbps)
    {
        var model = new MecModel(MecParameters.Paper with { UplinkMBps = MecParameters.MbpsToMBps(mbps) }, BandwidthPolicy.Optimal);
        var generator = new UniformWorkloadGenerator(devices, 3, 10, 30, new Random(devices));
        var exhaustive = new ExhaustiveSearch(model);
        var dual = new DualDecomposition(model);
        int attained = 0;
        const int inputs = 40;
        for (int i = 0; i < inputs; i++)
        {
            var workload = generator.Next();
            double optimum = exhaustive.Solve(workload).Q;
            var solution = dual.Solve(workload);

            Assert.True(solution.LowerBound <= optimum * (1 + 1e-12), $"bound {solution.LowerBound} above the optimum {optimum}");
            Assert.True(solution.Q >= optimum * (1 - 1e-12), $"primal {solution.Q} below the optimum {optimum}");
            Assert.Equal(solution.Q, model.Utility(workload, solution.Decision), 9);
            Assert.True(solution.Gap >= -1e-12, $"negative gap {solution.Gap}");
            Assert.True(solution.Gap >= (solution.Q - optimum) / solution.LowerBound - 1e-12);
            attained += solution.Q <= optimum * (1 + 1e-12) ? 1 : 0;
        }

        Assert.True(attained >= inputs * 0.95, $"the primal attained the optimum on only {attained} of {inputs} inputs");
    }

    [Fact]
    public void Should_find_q_opt_on_every_row_of_the_optimal_split_data_set()
    {
        var dual = new DualDecomposition(TestData.PaperModel);
        double worst = TestData.Optimal150.Rows.Max(row => (dual.Solve(row.Workload).Q - row.OptimalQ) / row.OptimalQ);

        Assert.True(worst <= 1e-9, $"largest relative excess over q_opt {worst}");
    }

    [Fact]
    public void Should_be_exact_under_the_equal_split_on_the_published_data_set()
    {
        var dual = new DualDecomposition(TestData.DdloReferenceModel);
        foreach (var row in TestData.DdloReference.Rows.Take(2000))
        {
            var solution = dual.Solve(row.Workload);
            Assert.Equal(row.OptimalQ, solution.Q, 9);
            Assert.Equal(0, solution.Gap, 12);
        }
    }

    [Fact]
    public void Should_never_let_the_dual_function_exceed_any_feasible_utility()
    {
        var model = TestData.PaperModel;
        var workload = new UniformWorkloadGenerator(3, 3, 10, 30, new Random(8)).Next();
        double optimum = new ExhaustiveSearch(model).Solve(workload).Q;
        var dual = new DualDecomposition(model);

        foreach (double price in new[] { 0.0, 1e-4, 0.01, 0.1, 1, 3, 10, 100, 1e4 })
        {
            Assert.True(dual.Dual(workload, price) <= optimum + 1e-9, $"g({price}) = {dual.Dual(workload, price)} > Q* = {optimum}");
        }
    }

    [Fact]
    public void Should_certify_a_tiny_gap_for_a_hundred_devices()
    {
        var model = new MecModel(MecParameters.Paper with { UplinkMBps = MecParameters.MbpsToMBps(50 * 100) }, BandwidthPolicy.Optimal);
        var workload = new UniformWorkloadGenerator(100, 3, 10, 30, new Random(3)).Next();

        var solution = new DualDecomposition(model).Solve(workload);

        Assert.InRange(solution.Gap, -1e-12, 1e-5);
        Assert.True(solution.Bandwidth.Sum() <= model.Parameters.UplinkMBps * (1 + 1e-9));
    }
}
