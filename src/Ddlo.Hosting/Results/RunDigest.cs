using System.Security.Cryptography;
using System.Text;
using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Results;

/// <summary>
/// A run's fingerprint: SHA-256 over steps.csv without its wall-clock columns (<see cref="StepsTable.WallClockColumns"/>),
/// so two runs that decided, scored and trained alike share it whatever their timing. It hashes the text steps.csv
/// holds: the header and then every row in step order, each as the cells of the kept columns as written (unquoted),
/// joined by commas and ended by "\n", in UTF-8. Lowercase hex, 64 digits; tables and the command line show the first
/// <see cref="ShownDigits"/>. The README recomputes it from steps.csv in a few lines of Python.
/// </summary>
public static class RunDigest
{
    /// <summary>Hex digits shown where space is short: 64 bits, beyond any chance match between runs.</summary>
    public const int ShownDigits = 16;

    /// <summary>The digest of the steps.csv that <paramref name="record"/> makes.</summary>
    public static string Of(RunRecord record) => Of(StepsTable.Header(record), StepsTable.Rows(record));

    /// <summary>The digest of a steps table: its header and its rows, in the order given (step order).</summary>
    public static string Of(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        int[] kept = [.. Enumerable.Range(0, header.Count).Where(i => !StepsTable.WallClockColumns.Contains(header[i]))];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var line = new StringBuilder();
        Append(hash, line, kept, [.. header]);
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"A row has {row.Count} cells for {header.Count} columns.", nameof(rows));
            }

            Append(hash, line, kept, row);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The first <see cref="ShownDigits"/> hex digits.</summary>
    public static string Shown(string digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest[..Math.Min(ShownDigits, digest.Length)];
    }

    private static void Append(IncrementalHash hash, StringBuilder line, int[] kept, IReadOnlyList<object?> cells)
    {
        line.Clear();
        foreach (int i in kept)
        {
            line.Append(CsvFile.Text(cells[i])).Append(',');
        }

        line.Length = Math.Max(0, line.Length - 1);
        line.Append('\n');
        hash.AppendData(Encoding.UTF8.GetBytes(line.ToString()));
    }
}
