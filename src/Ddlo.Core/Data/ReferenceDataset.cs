using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Wpmec;

namespace Ddlo.Core.Data;

/// <summary>
/// A data set of inputs with exact optima: a CSV (or gzipped CSV, <c>.csv.gz</c>) whose header depends on the system
/// model. MUMT: <c>d0..d{K-1},q_opt,x0..x{K-1}</c>, K = N*M, task sizes device-major in MB. WPMEC:
/// <c>h0..h{N-1},q_opt,x0..x{N-1}</c>, the channel gains, the optimal rate and mode, optionally followed by the
/// optimal split <c>a,tau0..tau{N-1}</c> (read past: the allocation is recomputed exactly).
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
    public static ReferenceDataset Load(string path, int devices, int tasksPerDevice, string model = MecModel.ModelName)
    {
        if (!File.Exists(path))
        {
            throw new DatasetFormatException($"{path}: data set file not found.");
        }

        using var file = File.OpenRead(path);
        using var reader = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new StreamReader(new GZipStream(file, CompressionMode.Decompress))
            : new StreamReader(file);
        try
        {
            return Parse(reader, path, devices, tasksPerDevice, model);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: not a readable gzip file ({e.Message}).");
        }
    }

    /// <summary>Parses CSV text for a system model (mumt | wpmec); <paramref name="source"/> names it in error messages.</summary>
    public static ReferenceDataset Parse(TextReader reader, string source, int devices, int tasksPerDevice, string model = MecModel.ModelName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var layout = Layout.For(model, devices, tasksPerDevice);
        int tasks = devices * tasksPerDevice;
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw new DatasetFormatException($"{source}: the file is empty; expected a header {layout.Description}.");
        }

        string[] columns = header.Split(',').Select(c => c.Trim()).ToArray();
        string[] expected = columns.Length == layout.WithTrailer.Length ? layout.WithTrailer : layout.Columns;
        if (!columns.SequenceEqual(expected, StringComparer.Ordinal))
        {
            string? other = (model, columns[0]) switch
            {
                (MecModel.ModelName, "h0") => $"{source}:1: this is a WPMEC data set (channel gains h0..), but the scenario models mumt; set ddlo.system.model = wpmec (as hocon/scenarios/droo-wpmec-10.conf does).",
                (WpmecModel.ModelName, "d0") => $"{source}:1: this is an MUMT data set (task sizes d0..), but the scenario models wpmec; set ddlo.system.model = mumt.",
                _ => null,
            };
            if (other is not null)
            {
                throw new DatasetFormatException(other);
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

            rows.Add(ParseRow(text, line, source, expected, devices, tasksPerDevice, layout));
        }

        if (rows.Count == 0)
        {
            throw new DatasetFormatException($"{source}: the file has a header but no rows.");
        }

        return new ReferenceDataset(source, rows.ToImmutable());
    }

    /// <summary>
    /// The largest relative difference between a row's q_opt and the exact value of its own decision, once
    /// <see cref="CheckOptima"/> has measured it (0 before): how precise the file's optima are. A policy that beats a
    /// q_opt by no more than this has not beaten the optimum.
    /// </summary>
    public double Imprecision { get; private init; }

    /// <summary>
    /// Checks that every row's own decision x prices at its q_opt under <paramref name="model"/> (relative tolerance
    /// 1e-6 for MUMT, 1e-5 for WPMEC) and measures <see cref="Imprecision"/>: a file made for another bandwidth policy,
    /// capacity or system is refused instead of silently mis-scoring.
    /// </summary>
    /// <remarks>
    /// WPMEC's tolerance is looser because the published DROO optima are: their time splits overfill the frame by up
    /// to about 3e-8 (a + sum tau > 1, the authors' bisection stopping short), so q_opt overstates the rate of its own
    /// mode by up to about 1.6e-6 relative. Wrong weights or constants move it by far more.
    /// </remarks>
    public ReferenceDataset CheckOptima(ISystemModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var differences = new double[Rows.Length];
        Parallel.For(0, Rows.Length, i => differences[i] = Math.Abs(model.Value(Rows[i].Workload, Rows[i].OptimalDecision) - Rows[i].OptimalQ) / Rows[i].OptimalQ);
        double tolerance = model is WpmecModel ? WpmecOptimumTolerance : OptimumTolerance;
        int bad = Array.FindIndex(differences, d => !(d <= tolerance));
        if (bad >= 0)
        {
            var row = Rows[bad];
            double q = model.Value(row.Workload, row.OptimalDecision);
            string hint = model is MecModel ? "wrong bandwidth policy or uplink?" : "wrong weights or system constants?";
            throw new DatasetFormatException(string.Create(CultureInfo.InvariantCulture,
                $"{Source}:{row.Line}: q_opt {row.OptimalQ:R} disagrees with the row's own decision {row.OptimalDecision}, whose {model.ValueName} is {q:R} under this scenario ({hint})."));
        }

        return new ReferenceDataset(Source, Rows) { Imprecision = differences.Length == 0 ? 0 : differences.Max() };
    }

    /// <summary>How far, relatively, a row's own decision may price from its q_opt (MUMT).</summary>
    public const double OptimumTolerance = 1e-6;

    /// <summary>How far, relatively, a row's own decision may price from its q_opt (WPMEC; see <see cref="CheckOptima"/>).</summary>
    public const double WpmecOptimumTolerance = 1e-5;

    private static ReferenceRow ParseRow(string text, int line, string source, string[] columns, int devices, int tasksPerDevice, Layout layout)
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

    /// <summary>The columns a model's data set has.</summary>
    private sealed record Layout(string[] Columns, string[] WithTrailer, string Description, string Shape, string ValueName, bool Positive)
    {
        public static Layout For(string model, int devices, int tasksPerDevice)
        {
            int tasks = devices * tasksPerDevice;
            string[] Named(string prefix) => [.. Enumerable.Range(0, tasks).Select(i => $"{prefix}{i}")];
            switch (model)
            {
                case MecModel.ModelName:
                    string[] columns = [.. Named("d"), "q_opt", .. Named("x")];
                    return new Layout(columns, columns, $"d0..d{tasks - 1},q_opt,x0..x{tasks - 1} ({columns.Length} columns)",
                        $"{devices} x {tasksPerDevice} scenario", "task size", Positive: false);
                case WpmecModel.ModelName:
                    string[] modes = [.. Named("h"), "q_opt", .. Named("x")];
                    return new Layout(modes, [.. modes, "a", .. Named("tau")],
                        $"h0..h{tasks - 1},q_opt,x0..x{tasks - 1} ({modes.Length} columns), optionally followed by a,tau0..tau{tasks - 1} ({modes.Length + tasks + 1} in all)",
                        $"WPMEC scenario with {devices} devices", "channel gain", Positive: true);
                default:
                    throw new ArgumentException($"Unknown system model '{model}'.", nameof(model));
            }
        }
    }

    private static double Number(string cell, string column, int line, string source) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new DatasetFormatException($"{source}:{line}: column '{column}': '{cell.Trim()}' is not a number.");

    private static string Abbreviate(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
