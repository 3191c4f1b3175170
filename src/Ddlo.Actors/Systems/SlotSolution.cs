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

    /// <summary>
    /// This solution, once every figure in it is finite; a figure that is not (the reports go beyond what the model's
    /// arithmetic holds) is refused naming <paramref name="input"/>, the field and its value, rather than shown.
    /// </summary>
    public SlotSolution Finite(string input)
    {
        foreach (var (name, value) in Json)
        {
            IEnumerable<double> figures = value switch
            {
                double one => [one],
                IEnumerable<double> many => many,
                _ => [],
            };
            foreach (double figure in figures.Where(f => !double.IsFinite(f)))
            {
                throw new Configuration.InputException(input,
                    $"{name} = {figure.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a finite number: the values go beyond what the model's arithmetic holds.");
            }
        }

        return this;
    }

    /// <summary>One labelled line: <c>Decision  110011011 (optimal over 2^9 decisions)</c>.</summary>
    /// <param name="Label">Shown in bold.</param>
    /// <param name="Value">The figure, with its unit.</param>
    /// <param name="Note">Shown after it in grey and parentheses; null for none.</param>
    public sealed record Line(string Label, string Value, string? Note = null);
}
