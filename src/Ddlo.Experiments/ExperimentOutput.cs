using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>What an experiment wrote from its results: its main CSV and figure, the report's markdown table, and further files.</summary>
public sealed record ExperimentOutput(string Csv, string Figure, string Table)
{
    /// <summary>Further figures and data files beside the main ones (PNG and CSV), shown and linked in the report.</summary>
    public ImmutableArray<string> MoreFiles { get; init; } = [];
}
