using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Data;

/// <summary>
/// A data set of inputs with exact optima: a CSV (or gzipped CSV, <c>.csv.gz</c>) whose header the system model's
/// <see cref="DatasetLayout"/> gives. MUMT: <c>d0..d{K-1},q_opt,x0..x{K-1}</c>, K = N*M, task sizes device-major in MB.
/// WPMEC: <c>h0..h{N-1},q_opt,x0..x{N-1}</c>, the channel gains, the optimal rate and mode, optionally followed by the
/// optimal split <c>a,tau0..tau{N-1}</c> (read past: the allocation is recomputed exactly).
/// </summary>
public sealed class ReferenceDataset
{
    private ReferenceDataset(string source, ImmutableArray<ReferenceRow> rows, DatasetLayout layout)
    {
        Source = source;
        Rows = rows;
        Layout = layout;
    }

    public string Source { get; }

    /// <summary>The layout the file was read with.</summary>
    public DatasetLayout Layout { get; }

    public ImmutableArray<ReferenceRow> Rows { get; }

    /// <summary>
    /// Reads a file of <paramref name="layout"/>; a missing file or malformed row throws <see cref="DatasetFormatException"/>
    /// naming the line, and a file of one of the <paramref name="others"/> (other models' layouts) says which model it is for.
    /// </summary>
    public static ReferenceDataset Load(string path, DatasetLayout layout, IEnumerable<DatasetLayout>? others = null)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: data set file not found.");
        }

        return GzipText.Read(path, reader => Parse(reader, path, layout, others));
    }

    /// <summary>Parses CSV text of <paramref name="layout"/>; <paramref name="source"/> names it in error messages.</summary>
    public static ReferenceDataset Parse(TextReader reader, string source, DatasetLayout layout, IEnumerable<DatasetLayout>? others = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(layout);
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw new DatasetFormatException($"{source}: the file is empty; expected a header {layout.Description}.");
        }

        string[] columns = header.Split(',').Select(c => c.Trim()).ToArray();
        string[] expected = columns.Length == layout.WithTrailer.Length ? layout.WithTrailer : layout.Columns;
        if (!columns.SequenceEqual(expected, StringComparer.Ordinal))
        {
            // Another model's file, told by its first column (one this model's files do not start with).
            var other = (others ?? []).FirstOrDefault(o => o.Model != layout.Model && o.Columns.Length > 0
                && o.Columns[0] == columns[0] && (layout.Columns.Length == 0 || layout.Columns[0] != columns[0]));
            if (other is not null)
            {
                throw new DatasetFormatException(
                    $"{source}:1: this is {other.Kind}, but the scenario models {layout.Model}; set ddlo.system.model = {other.Model}{other.SwitchHint}.");
            }

            throw new DatasetFormatException(
                $"{source}:1: header has {columns.Length} columns ({Abbreviate(header)}), but a {layout.Shape} expects " +
                $"{layout.Description}.");
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

            rows.Add(ParseRow(text, line, source, expected, layout));
        }

        if (rows.Count == 0)
        {
            throw new DatasetFormatException($"{source}: the file has a header but no rows.");
        }

        return new ReferenceDataset(source, rows.ToImmutable(), layout);
    }

    /// <summary>
    /// The largest relative difference between a row's q_opt and the exact value of its own decision, once
    /// <see cref="CheckOptima"/> has measured it (0 before): how precise the file's optima are. A policy that beats a
    /// q_opt by no more than this has not beaten the optimum.
    /// </summary>
    public double Imprecision { get; private init; }

    /// <summary>
    /// Checks that every row's own decision x prices at its q_opt under <paramref name="model"/> (within the layout's
    /// relative <see cref="DatasetLayout.Tolerance"/>: 1e-6 for MUMT, 1e-5 for WPMEC) and measures
    /// <see cref="Imprecision"/>: a file made for another bandwidth policy, capacity or system is refused instead of
    /// silently mis-scoring.
    /// </summary>
    public ReferenceDataset CheckOptima(ISystemModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var row in Rows)
        {
            try
            {
                model.CheckReports(row.Workload);
            }
            catch (ArgumentException e)
            {
                throw new DatasetFormatException($"{Source}:{row.Line}: {e.Message}");
            }
        }

        var differences = new double[Rows.Length];
        Parallel.For(0, Rows.Length, i => differences[i] = Math.Abs(model.Value(Rows[i].Workload, Rows[i].OptimalDecision) - Rows[i].OptimalQ) / Rows[i].OptimalQ);
        double tolerance = Layout.Tolerance;
        int bad = Array.FindIndex(differences, d => !(d <= tolerance));
        if (bad >= 0)
        {
            var row = Rows[bad];
            double q = model.Value(row.Workload, row.OptimalDecision);
            string hint = Layout.MismatchHint;
            throw new DatasetFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{Source}:{row.Line}: q_opt {row.OptimalQ:R} disagrees with the row's own decision {row.OptimalDecision}, whose {model.ValueName} is {q:R} under this scenario ({hint})."));
        }

        return new ReferenceDataset(Source, Rows, Layout) { Imprecision = differences.Length == 0 ? 0 : differences.Max() };
    }

    /// <summary>How far, relatively, a row's own decision may price from its q_opt, unless its layout says otherwise.</summary>
    public const double OptimumTolerance = 1e-6;

    private static ReferenceRow ParseRow(string text, int line, string source, string[] columns, DatasetLayout layout)
    {
        int devices = layout.Devices;
        int tasksPerDevice = layout.TasksPerDevice;
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
            if (!double.IsFinite(sizes[i]) || sizes[i] < 0 || (layout.Positive && sizes[i] == 0))
            {
                throw new DatasetFormatException($"{source}:{line}: column '{columns[i]}': {layout.ValueName} must be a finite number {(layout.Positive ? ">" : ">=")} 0, got '{cells[i].Trim()}'.");
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
