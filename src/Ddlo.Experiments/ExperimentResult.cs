using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>What one experiment wrote and found: its files, a markdown table of the measurements and the claims.</summary>
public sealed record ExperimentResult(ExperimentPlan Plan, string Csv, string Figure, string Table, ImmutableArray<Claim> Claims, TimeSpan Elapsed)
{
    /// <summary>Further figures and data files beside the main ones (PNG and CSV), shown and linked in the report.</summary>
    public ImmutableArray<string> MoreFiles { get; init; } = [];

    /// <summary>
    /// The kind's typed results (for a built-in kind, e.g. <see cref="EnergyResults"/>), from which the CSV, the
    /// table and the claims were made; null for a kind that does not derive from <see cref="Experiment{TResults}"/>.
    /// </summary>
    public object? Measurements { get; init; }
}
