using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Core.Model;

namespace Ddlo.Core.Data;

/// <summary>
/// A data set of inputs with exact optima: a CSV with header <c>d0..d{K-1},q_opt,x0..x{K-1}</c>, K = N*M,
/// sizes device-major in MB.
/// </summary>
public sealed class ReferenceDataset
{
    private ReferenceDataset(string source, ImmutableArray<ReferenceRow> rows)
    {
        Source = source;
        Rows = rows;
    }

    public string Source { get; }

    public ImmutableArray<ReferenceRow> Rows { get; }

    /// <summary>Reads a file; a missing file or malformed row throws <see cref="DatasetFormatException"/> naming the line.</summary>
    public static ReferenceDataset Load(string path, int devices, int tasksPerDevice)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: data set file not found.");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path, devices, tasksPerDevice);
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static ReferenceDataset Parse(TextReader reader, string source, int devices, int tasksPerDevice)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int tasks = devices * tasksPerDevice;
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw new DatasetFormatException($"{source}: the file is empty; expected a header d0..d{tasks - 1},q_opt,x0..x{tasks - 1}.");
        }

        string[] expected = [.. Enumerable.Range(0, tasks).Select(i => $"d{i}"), "q_opt", .. Enumerable.Range(0, tasks).Select(i => $"x{i}")];
        string[] columns = header.Split(',').Select(c => c.Trim()).ToArray();
        if (!columns.SequenceEqual(expected, StringComparer.Ordinal))
        {
            throw new DatasetFormatException(
                $"{source}:1: header has {columns.Length} columns ({Abbreviate(header)}), but a {devices} x {tasksPerDevice} scenario expects " +
                $"d0..d{tasks - 1},q_opt,x0..x{tasks - 1} ({expected.Length} columns).");
        }

        var rows = ImmutableArray.CreateBuilder<ReferenceRow>();
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            rows.Add(ParseRow(text, line, source, expected, devices, tasksPerDevice));
        }

        if (rows.Count == 0)
        {
            throw new DatasetFormatException($"{source}: the file has a header but no rows.");
        }

        return new ReferenceDataset(source, rows.ToImmutable());
    }

    /// <summary>
    /// Checks that every row's own decision x prices at its q_opt under <paramref name="model"/> (relative tolerance
    /// 1e-6): a file made for another bandwidth policy or capacity is refused instead of silently mis-scoring.
    /// </summary>
    public ReferenceDataset CheckOptima(Model.MecModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var row in Rows)
        {
            double q = model.Utility(row.Workload, row.OptimalDecision);
            if (Math.Abs(q - row.OptimalQ) > 1e-6 * row.OptimalQ)
            {
                throw new DatasetFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{Source}:{row.Line}: q_opt {row.OptimalQ:R} disagrees with the row's own decision {row.OptimalDecision}, which costs {q:R} under this scenario (wrong bandwidth policy or uplink?)."));
            }
        }

        return this;
    }

    private static ReferenceRow ParseRow(string text, int line, string source, string[] columns, int devices, int tasksPerDevice)
    {
        int tasks = devices * tasksPerDevice;
        string[] cells = text.Split(',');
        if (cells.Length != columns.Length)
        {
            throw new DatasetFormatException($"{source}:{line}: expected {columns.Length} values, got {cells.Length}.");
        }

        var sizes = new double[tasks];
        var bits = new bool[tasks];
        for (int i = 0; i < tasks; i++)
        {
            sizes[i] = Number(cells[i], columns[i], line, source);
            if (!double.IsFinite(sizes[i]) || sizes[i] < 0)
            {
                throw new DatasetFormatException($"{source}:{line}: column '{columns[i]}': task size must be a finite number >= 0, got '{cells[i].Trim()}'.");
            }

            string bit = cells[tasks + 1 + i].Trim();
            bits[i] = bit switch
            {
                "0" => false,
                "1" => true,
                _ => throw new DatasetFormatException($"{source}:{line}: column '{columns[tasks + 1 + i]}': decision bit must be 0 or 1, got '{bit}'."),
            };
        }

        double q = Number(cells[tasks], "q_opt", line, source);
        if (!double.IsFinite(q) || q <= 0)
        {
            throw new DatasetFormatException($"{source}:{line}: column 'q_opt': must be a finite number > 0, got '{cells[tasks].Trim()}'.");
        }

        return new ReferenceRow(line, Workload.Create(devices, tasksPerDevice, sizes), q, OffloadDecision.FromBits(bits));
    }

    private static double Number(string cell, string column, int line, string source) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new DatasetFormatException($"{source}:{line}: column '{column}': '{cell.Trim()}' is not a number.");

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
