using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>
/// A sweep experiment's measurements: for every combination of the swept keys' values, seed and policy, the mean of the
/// system model's value over the last 20 % of the run and its gain ratio against the run's optimum.
/// </summary>
/// <param name="Keys">The swept keys: the sweep's own first, then the grid's, in the file's order.</param>
/// <param name="Rows">One per combination, seed and policy.</param>
/// <param name="Words">How the system model names its value (axis, table heading, display unit).</param>
public sealed record SweepResults(ImmutableArray<string> Keys, ImmutableArray<SweepResults.Row> Rows, Ddlo.Actors.Systems.SystemWords Words)
{
    /// <summary>One run's figures: the value of each swept key (in <see cref="Keys"/>' order), the seed, the policy and what it measured.</summary>
    public sealed record Row(ImmutableArray<string> Values, int Repetition, string Policy, double MeanValue, double GainRatio, string Optimum);
}
