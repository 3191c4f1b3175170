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
            else if (name == "coordinate-descent")
            {
                // A local optimum: above every fixed decision, at most the optimum.
                var edge = DatasetEvaluator.Evaluate(TestData.Optimal150, EdgeOnlyPolicy.Instance, model);
                Assert.True(result.MeanGainRatio > edge.MeanGainRatio, $"{name}: {result.MeanGainRatio} against edge only's {edge.MeanGainRatio}");
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
        Assert.Contains("exhaustive, dual, coordinate-descent, local, edge, random", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_descend_from_all_local_to_a_decision_no_single_device_change_improves()
    {
        var model = TestData.PaperModel;
        var policy = new CoordinateDescentPolicy(new Ddlo.Core.Search.DeviceSearch(model));
        var random = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            var workload = Workload.Create(4, 3, [.. Enumerable.Range(0, 12).Select(_ => (double)random.Next(10, 31))]);

            var decision = policy.Decide(workload);

            double q = model.Utility(workload, decision);
            Assert.True(q <= model.Utility(workload, LocalOnlyPolicy.Instance.Decide(workload)) + 1e-9);
            Assert.True(q >= new Ddlo.Core.Search.ExhaustiveSearch(model).Solve(workload).Q - 1e-9);
            Assert.True(policy.LastPriced >= 4 * 7, $"one round prices N * (2^M - 1) = 28 decisions, priced {policy.LastPriced}");
            // Its fixed point: no device's other 7 choices, with the rest as they are, lowers Q.
            bool[] bits = [.. Enumerable.Range(0, 12).Select(t => decision[t])];
            for (int device = 0; device < 4; device++)
            {
                for (int mask = 0; mask < 8; mask++)
                {
                    bool[] changed = [.. bits];
                    for (int t = 0; t < 3; t++)
                    {
                        changed[(device * 3) + t] = (mask & (1 << t)) != 0;
                    }

                    Assert.True(model.Utility(workload, OffloadDecision.FromBits(changed)) >= q - (1e-9 * q), $"device {device} to {mask} lowers Q");
                }
            }
        }
    }
}
