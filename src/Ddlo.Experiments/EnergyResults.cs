using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>An energy experiment's measurements: each policy's mean cost per swept value and seed.</summary>
public sealed record EnergyResults(ImmutableArray<EnergyResults.Cost> Costs)
{
    /// <summary>Where the runs' optimum Q* came from (exhaustive while N*M is small, the certified dual beyond).</summary>
    public string OptimumSource => Costs.FirstOrDefault()?.OptimumSource ?? "exhaustive";

    /// <summary>One policy's cost at one swept value and seed, over the last 20 % of the run's slots.</summary>
    public sealed record Cost(string Value, int Repetition, string Policy, double MeanQ, double GainRatio, string OptimumSource);
}
