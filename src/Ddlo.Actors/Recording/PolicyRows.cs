using System.Collections.Immutable;
using Ddlo.Core.Systems;
using MathNet.Numerics.Statistics;

namespace Ddlo.Actors.Recording;

/// <summary>
/// The rows of a run's comparison table, each with the work behind its figure: the deciding policy; its networks alone
/// when the device search decided and changed any decision, or its search when the search taught; the baselines it is
/// not itself; the optimum.
/// </summary>
public static class PolicyRows
{
    /// <summary>The name of the row of the networks' own best candidate, after the policy's name.</summary>
    public const string NetworkAloneSuffix = " (network alone)";

    /// <summary>The name of the row of the device search's decisions when the search teaches, after the policy's name.</summary>
    public const string SearchSuffix = " (its search)";

    /// <summary>The exhaustive optimum's decisions priced per slot are counted up to 2^30; beyond, not at all.</summary>
    private const int MaxCountedBits = 30;

    /// <summary>The rows over <paramref name="tail"/> (the summarised steps); work figures over the whole run.</summary>
    public static ImmutableArray<PolicySummary> Of(RunRecord record, IReadOnlyList<StepRecord> tail)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(tail);
        var steps = record.Steps;
        string policy = record.Policy;
        bool searchDecides = steps.Any(s => s.NetworkQ != s.Q && !double.IsNaN(s.NetworkQ));
        bool searchTeaches = record.SearchTeaches;
        double candidates = Mean(steps, s => s.Candidates);
        double priced = Mean(steps, s => s.Priced);
        double latency = Median(steps, s => s.LatencyMicroseconds);

        PolicySummary Row(string name, Func<StepRecord, double> q, double pricedPerSlot, double latencyP50) => new(
            name,
            tail.Select(q).DefaultIfEmpty(double.NaN).Average(),
            tail.Select(s => record.Objective.GainRatio(q(s), s.OptimalQ)).DefaultIfEmpty(double.NaN).Average())
        {
            PricedPerSlot = pricedPerSlot,
            LatencyMicrosecondsP50 = latencyP50,
        };

        var rows = ImmutableArray.CreateBuilder<PolicySummary>();
        // A teaching search is off the decision path: the decision's own work is its candidates.
        rows.Add(Row(policy, s => s.Q, searchTeaches ? candidates : priced, latency));
        if (searchDecides)
        {
            rows.Add(Row(policy + NetworkAloneSuffix, s => s.NetworkQ, candidates, Median(steps, s => s.NetworkLatencyMicroseconds)));
        }

        if (searchTeaches)
        {
            // A slot whose search did not answer (its solver was lost) counts with the decision it taught from. Its
            // decisions come after the order, so they have no decision latency.
            rows.Add(Row(policy + SearchSuffix, s => double.IsNaN(s.SearchQ) ? s.Q : s.SearchQ, priced, double.NaN));
        }

        // The baselines and the optimum are priced by the recorder, off the decision path.
        if (policy != "local")
        {
            rows.Add(Row("local", s => s.LocalQ, 1, double.NaN));
        }

        if (policy != "edge")
        {
            rows.Add(Row("edge", s => s.EdgeQ, 1, double.NaN));
        }

        int bits = record.DecisionBits;
        double exhaustive = record.OptimumSource == "exhaustive" && bits is > 0 and <= MaxCountedBits ? Math.Pow(2, bits) : double.NaN;
        rows.Add(Row("optimum", s => s.OptimalQ, exhaustive, double.NaN));
        return rows.ToImmutable();
    }

    private static double Mean(ImmutableArray<StepRecord> steps, Func<StepRecord, double> value) =>
        steps.IsEmpty ? double.NaN : steps.Average(value);

    private static double Median(ImmutableArray<StepRecord> steps, Func<StepRecord, double> value) =>
        steps.Select(value).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Median();
}
