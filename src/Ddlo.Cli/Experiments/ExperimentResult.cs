using System.Collections.Immutable;

namespace Ddlo.Cli.Experiments;

/// <summary>What one experiment wrote and found: its files, a markdown table of the measurements and the claims.</summary>
public sealed record ExperimentResult(ExperimentPlan Plan, string Csv, string Figure, string Table, ImmutableArray<Claim> Claims, TimeSpan Elapsed);
