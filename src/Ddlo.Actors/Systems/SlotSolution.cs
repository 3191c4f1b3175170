using System.Collections.Immutable;

namespace Ddlo.Actors.Systems;

/// <summary>
/// What <c>ddlo solve</c> or <c>ddlo decide</c> shows of one slot: labelled lines (a value, and a note shown in grey),
/// an optional table with a footnote, and the same figures for <c>--json</c>.
/// </summary>
/// <param name="Lines">Labelled lines, in order.</param>
/// <param name="Json">The JSON fields (snake_case), in order.</param>
public sealed record SlotSolution(ImmutableArray<SlotSolution.Line> Lines, ImmutableArray<KeyValuePair<string, object?>> Json)
{
    /// <summary>Per-device rows under the lines; null for none.</summary>
    public SolutionTable? Table { get; init; }

    /// <summary>One labelled line: <c>Decision  110011011 (optimal over 2^9 decisions)</c>.</summary>
    /// <param name="Label">Shown in bold.</param>
    /// <param name="Value">The figure, with its unit.</param>
    /// <param name="Note">Shown after it in grey and parentheses; null for none.</param>
    public sealed record Line(string Label, string Value, string? Note = null);
}
