using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Tests.Search;

public sealed class ExhaustiveSearchTests
{
    [Fact]
    public void Should_find_q_opt_on_every_row_of_the_published_data_set()
    {
        var search = new ExhaustiveSearch(TestData.DdloReferenceModel);
        double worst = TestData.DdloReference.Rows.Max(row => Math.Abs(search.Solve(row.Workload).Q - row.OptimalQ) / row.OptimalQ);

        Assert.True(worst <= 1e-9, $"largest relative difference {worst}");
    }

    [Fact]
    public void Should_find_q_opt_on_every_row_of_the_optimal_split_data_set()
    {
        var search = new ExhaustiveSearch(TestData.PaperModel);
        double worst = TestData.Optimal150.Rows.Max(row => Math.Abs(search.Solve(row.Workload).Q - row.OptimalQ) / row.OptimalQ);

        Assert.True(worst <= 1e-9, $"largest relative difference {worst}");
    }

    [Theory]
    [InlineData(2, 3, BandwidthPolicy.Optimal)]
    [InlineData(4, 2, BandwidthPolicy.Equal)]
    [InlineData(5, 3, BandwidthPolicy.Optimal)] // 2^15 decisions: the parallel path
    public void Should_agree_with_pricing_every_decision_one_by_one(int devices, int tasks, BandwidthPolicy policy)
    {
        var model = new MecModel(MecParameters.Paper with { UplinkMBps = 6 }, policy);
        var random = new Random(devices * 10 + tasks);
        var workload = Workload.Create(devices, tasks, Enumerable.Range(0, devices * tasks).Select(_ => 10.0 + random.Next(21)));

        var solution = new ExhaustiveSearch(model).Solve(workload);
        double best = double.PositiveInfinity;
        for (ulong mask = 0; mask < 1UL << workload.TaskCount; mask++)
        {
            best = Math.Min(best, model.Utility(workload, OffloadDecision.FromMask(mask, workload.TaskCount)));
        }

        Assert.Equal(best, solution.Q, 12);
        Assert.Equal(solution.Q, model.Utility(workload, solution.Decision), 12);
    }

    [Fact]
    public void Should_refuse_more_than_24_tasks()
    {
        var workload = Workload.Create(5, 5, Enumerable.Repeat(10.0, 25));
        var error = Assert.Throws<ArgumentException>(() => new ExhaustiveSearch(TestData.PaperModel).Solve(workload));

        Assert.Contains("N*M <= 24", error.Message, StringComparison.Ordinal);
        Assert.Contains("N*M = 25", error.Message, StringComparison.Ordinal);
    }
}
