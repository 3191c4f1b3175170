using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Core.Tests.Policies;

public sealed class BaselinePoliciesTests
{
    private static readonly Workload Sample = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);

    [Fact]
    public void Should_keep_everything_local_or_offload_everything()
    {
        Assert.Equal("000000000", LocalOnlyPolicy.Instance.Decide(Sample).ToString());
        Assert.Equal("111111111", EdgeOnlyPolicy.Instance.Decide(Sample).ToString());
    }

    [Fact]
    public void Should_repeat_random_decisions_for_the_same_seed_and_vary_them_across_slots()
    {
        var first = new RandomPolicy(new Random(5));
        var second = new RandomPolicy(new Random(5));
        var decisions = Enumerable.Range(0, 20).Select(_ => first.Decide(Sample).ToString()).ToList();

        Assert.Equal(decisions, Enumerable.Range(0, 20).Select(_ => second.Decide(Sample).ToString()));
        Assert.True(decisions.Distinct().Count() > 10);
    }

    [Fact]
    public void Should_score_every_baseline_at_or_below_the_optimum()
    {
        var model = TestData.PaperModel;
        foreach (string name in BaselinePolicies.Names)
        {
            var result = DatasetEvaluator.Evaluate(TestData.Optimal150, BaselinePolicies.Create(name, model, seed: 1), model);

            Assert.Equal(1000, result.Rows);
            Assert.True(result.MeanGainRatio <= 1 + 1e-12, $"{name}: {result.MeanGainRatio}");
            if (name is "exhaustive" or "dual")
            {
                Assert.Equal(1.0, result.MeanGainRatio, 9);
            }
            else
            {
                Assert.True(result.MeanGainRatio < 0.99, $"{name} should be clearly worse than the optimum: {result.MeanGainRatio}");
            }
        }
    }

    [Fact]
    public void Should_list_the_valid_names_for_an_unknown_policy()
    {
        var error = Assert.Throws<ArgumentException>(() => BaselinePolicies.Create("smart", TestData.PaperModel, 1));

        Assert.Contains("'smart'", error.Message, StringComparison.Ordinal);
        Assert.Contains("exhaustive, dual, local, edge, random", error.Message, StringComparison.Ordinal);
    }
}
