using System.Globalization;
using System.Text;

namespace Ddlo.Hosting.Results;

/// <summary>
/// The one CSV writer of the command line (steps.csv and every experiment's table): UTF-8 without a byte order
/// mark, invariant culture, doubles round-trip ("R"), NaN and null as an empty cell, text with a comma, quote or line
/// break in double quotes (RFC 4180), written beside the target and renamed, so a reader never sees half a file.
/// </summary>
public static class CsvFile
{
    public static void Write(string path, IEnumerable<string> header, IEnumerable<IEnumerable<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ResultsWriter.WriteAtomically(path, temporary =>
        {
            using var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false));
            writer.WriteLine(string.Join(',', header));
            var line = new StringBuilder();
            foreach (var row in rows)
            {
                line.Clear();
                foreach (object? cell in row)
                {
                    line.Append(Cell(cell)).Append(',');
                }

                line.Length = Math.Max(0, line.Length - 1);
                writer.WriteLine(line);
            }
        });
    }

    public static string Cell(object? value) => Quoted(Text(value));

    /// <summary>A cell's text before quoting: what a CSV reader gives back (and what <see cref="RunDigest"/> hashes).</summary>
    public static string Text(object? value) => value switch
    {
        null => string.Empty,
        double d when double.IsNaN(d) => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quoted(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
