using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>What one experiment wrote and found: its files, a markdown table of the measurements and the claims.</summary>
public sealed record ExperimentResult(ExperimentPlan Plan, string Csv, string Figure, string Table, ImmutableArray<Claim> Claims, TimeSpan Elapsed)
{
    /// <summary>Further figures and data files beside the main ones (PNG and CSV), shown and linked in the report.</summary>
    public ImmutableArray<string> MoreFiles { get; init; } = [];
}
