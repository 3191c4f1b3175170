using System.Collections.Immutable;

namespace Ddlo.Actors.Systems;

/// <summary>A table of a <see cref="SlotSolution"/>: right-aligned columns, one row per device, and a footnote.</summary>
public sealed record SolutionTable(ImmutableArray<string> Columns, ImmutableArray<ImmutableArray<string>> Rows, string Footnote);
