using Ddlo.Actors.Recording;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Recording;

public sealed class PolicyRowsTests
{
    [Fact]
    public void Should_give_a_teaching_search_its_own_row_with_its_work_and_no_decision_latency()
    {
        // Ordered by the networks (Q = q_network), then taught by a search that found 90 twice and nothing better once.
        var record = Record(
            Step(0, q: 100, optimal: 90, searchQ: 90, priced: 40, latency: 30),
            Step(1, q: 100, optimal: 90, searchQ: 100, priced: 50, latency: 10),
            Step(2, q: 120, optimal: 90, searchQ: 90, priced: 60, latency: 20)) with { SearchTeaches = true };

        var rows = PolicyRows.Of(record, record.Steps).ToDictionary(r => r.Policy);

        Assert.Equal(["ddlo", "ddlo (its search)", "local", "edge", "optimum"], PolicyRows.Of(record, record.Steps).Select(r => r.Policy));
        var decision = rows["ddlo"];
        Assert.Equal((90 / 100.0 + 90 / 100.0 + 90 / 120.0) / 3, decision.MeanGainRatio, 12);
        // The decision's own work is its 5 candidates a slot, at its p50 latency.
        Assert.Equal((5.0, 20.0), (decision.PricedPerSlot, decision.LatencyMicrosecondsP50));
        var search = rows["ddlo (its search)"];
        Assert.Equal((1 + 0.9 + 1) / 3, search.MeanGainRatio, 12);
        Assert.Equal(50, search.PricedPerSlot);
        Assert.True(double.IsNaN(search.LatencyMicrosecondsP50));
        Assert.Equal(1, rows["edge"].PricedPerSlot);
        // Exhaustive over 9 bits.
        Assert.Equal(512, rows["optimum"].PricedPerSlot);
    }

    [Fact]
    public void Should_give_a_teaching_search_its_row_by_the_runs_settings_even_where_it_never_found_better()
    {
        var record = Record(Step(0, q: 100, optimal: 90, searchQ: 100, priced: 30)) with { SearchTeaches = true };

        var rows = PolicyRows.Of(record, record.Steps);

        Assert.Equal(["ddlo", "ddlo (its search)", "local", "edge", "optimum"], rows.Select(r => r.Policy));
        Assert.Equal((5.0, 30.0), (rows[0].PricedPerSlot, rows[1].PricedPerSlot));
    }

    [Fact]
    public void Should_give_a_deciding_search_the_decision_and_its_networks_their_own_row()
    {
        var record = Record(
            Step(0, q: 90, optimal: 90, networkQ: 100, priced: 40, latency: 30, networkLatency: 12),
            Step(1, q: 95, optimal: 90, networkQ: 95, priced: 20, latency: 20, networkLatency: 8));

        var rows = PolicyRows.Of(record, record.Steps);

        Assert.Equal(["ddlo", "ddlo (network alone)", "local", "edge", "optimum"], rows.Select(r => r.Policy));
        Assert.Equal((30.0, 25.0), (rows[0].PricedPerSlot, rows[0].LatencyMicrosecondsP50));
        Assert.Equal((5.0, 10.0), (rows[1].PricedPerSlot, rows[1].LatencyMicrosecondsP50));
        Assert.Equal((90 / 100.0 + 90 / 95.0) / 2, rows[1].MeanGainRatio, 12);
    }

    [Fact]
    public void Should_count_the_dual_optimums_work_as_not_counted_and_a_run_without_search_as_its_candidates()
    {
        var record = Record(Step(0, q: 100, optimal: 90, latency: 10)) with { OptimumSource = "dual" };

        var rows = PolicyRows.Of(record, record.Steps);

        Assert.Equal(["ddlo", "local", "edge", "optimum"], rows.Select(r => r.Policy));
        Assert.Equal(5, rows[0].PricedPerSlot);
        Assert.True(double.IsNaN(rows[^1].PricedPerSlot));
    }

    private static StepRecord Step(long slot, double q, double optimal, double searchQ = double.NaN, long? priced = null, double latency = 10, double networkQ = double.NaN, double networkLatency = double.NaN)
    {
        var step = new StepRecord(slot, q, optimal, LocalQ: 200, EdgeQ: 150, Winner: 0, Candidates: 5, Degraded: false, latency, Offloaded: 4)
        {
            Objective = Objective.Minimise,
            NetworkQ = double.IsNaN(networkQ) ? q : networkQ,
            NetworkLatencyMicroseconds = double.IsNaN(networkLatency) ? latency : networkLatency,
            SearchQ = searchQ,
        };
        return priced is { } work ? step with { Priced = work } : step;
    }

    private static RunRecord Record(params StepRecord[] steps) =>
        new([.. steps], [], 1, "exhaustive", steps.Length, 1, 0, "ddlo", 0) { Objective = Objective.Minimise, Model = "mumt", DecisionBits = 9 };
}
