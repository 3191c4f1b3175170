using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.World;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace Ddlo.Hosting.Results;

/// <summary>
/// A map run's results folder (<c>ddlo.topology</c>): steps.csv for the whole map (a row per slot), cells.csv (a row
/// per cell and slot), summary.json with the map's and each cell's figures beside the optimum and the baselines,
/// map.png (cells, coverage, a sample of device tracks and the handover points) and cells.png (each cell's gain ratio).
/// Every file is written beside its target and renamed, as every run's (<see cref="ResultsWriter"/>).
/// </summary>
public static class MapResults
{
    /// <summary>The learner and the baselines, as summary.json and the tables name them, with what each costs in a slot.</summary>
    public static IReadOnlyList<(string Name, Func<MapSlot, double> Q)> Policies { get; } =
    [
        ("ddlo", s => s.Q),
        ("teacher", s => s.QTeacher),
        ("greedy", s => s.QGreedy),
        ("edge", s => s.QEdge),
        ("local", s => s.QLocal),
        ("random", s => s.QRandom),
    ];

    public static IReadOnlyList<string> StepsHeader { get; } =
    [
        "step", "served", "uncovered", "handovers", "q", "q_teacher", "q_opt", "q_local", "q_edge", "q_greedy", "q_random",
        "gain_ratio", "priced", "teacher_priced", "loss", "latency_us", "slot_us",
    ];

    public static IReadOnlyList<string> CellsHeader { get; } =
    [
        "step", "cell", "devices", "q", "q_teacher", "q_opt", "gain_ratio", "gap", "q_local", "q_edge", "q_greedy", "q_random",
        "handovers", "load_mb", "priced", "teacher_priced", "latency_us",
    ];

    public static IEnumerable<IReadOnlyList<object?>> StepsRows(MapRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Slots.Select(s => (IReadOnlyList<object?>)
        [
            s.Slot, s.Served, s.Uncovered, s.Handovers, s.Q, s.QTeacher, s.QOptimum, s.QLocal, s.QEdge, s.QGreedy, s.QRandom,
            s.Gain, s.Priced, s.TeacherPriced, s.Loss, s.DecideMicros, s.SlotMicros,
        ]);
    }

    public static IEnumerable<IReadOnlyList<object?>> CellsRows(MapRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Cells.Select(c => (IReadOnlyList<object?>)
        [
            c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.Q > 0 ? c.QOptimum / c.Q : double.NaN, c.Gap, c.QLocal, c.QEdge, c.QGreedy, c.QRandom,
            c.Handovers, c.LoadMb, c.Priced, c.TeacherPriced, c.Devices > 0 ? c.DecideMicros : double.NaN,
        ]);
    }

    /// <summary>The run's fingerprint: steps.csv and cells.csv without their wall-clock columns (<see cref="RunDigest"/>).</summary>
    public static string Digest(MapRecord record)
    {
        string steps = RunDigest.Of(StepsHeader, StepsRows(record));
        string cells = RunDigest.Of(CellsHeader, CellsRows(record));
        return RunDigest.Of(["steps", "cells"], [[steps, cells]]);
    }

    /// <summary>The slots the summary's figures average: the last fifth of the run, at most 1,000 slots.</summary>
    public static int Window(MapRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Math.Max(1, Math.Min(1000, record.Slots.Length / 5));
    }

    /// <summary>Q*/Q of <paramref name="q"/> summed over <paramref name="slots"/> (1 when nothing costs anything).</summary>
    public static double Gain(IEnumerable<MapSlot> slots, Func<MapSlot, double> q)
    {
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(q);
        double optimum = 0;
        double cost = 0;
        foreach (var slot in slots)
        {
            optimum += slot.QOptimum;
            cost += q(slot);
        }

        return cost > 0 ? optimum / cost : 1;
    }

    /// <summary>summary.json's fields: the map's figures over the window, the work behind them, and each cell's.</summary>
    public static Dictionary<string, object?> Summary(MapRecord record, Scenario scenario, string digest, Learning.Numerics numerics)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(scenario);
        var settings = scenario.Settings;
        int window = Window(record);
        var tail = record.Slots.Skip(record.Slots.Length - window).ToArray();
        long first = tail.Length == 0 ? 0 : tail[0].Slot;
        var tailCells = record.Cells.Where(c => c.Slot >= first && c.Devices > 0).ToArray();
        double seconds = record.Elapsed.TotalSeconds;
        long deviceSlots = (long)settings.System.Devices * record.Slots.Length;
        return new Dictionary<string, object?>
        {
            ["scenario"] = scenario.Name,
            ["model"] = settings.System.Model,
            ["system"] = settings.System.Configured.Describe(settings.System.Devices),
            ["devices"] = settings.System.Devices,
            ["tasks_per_device"] = settings.System.TasksPerDevice,
            ["topology"] = settings.System.SummaryField("topology"),
            ["channel"] = settings.System.SummaryField("channel"),
            ["mobility"] = settings.System.SummaryField("mobility"),
            ["device_classes"] = settings.System.SummaryField("device_classes"),
            ["dnn_count"] = settings.Learning.DnnCount,
            ["device_search_rounds"] = settings.Learning.DeviceSearchRounds,
            ["seed"] = settings.Run.Seed,
            ["numerics"] = Learning.TorchRuntime.Name(numerics),
            ["steps"] = record.Slots.Length,
            ["digest"] = digest,
            ["elapsed_s"] = Math.Round(seconds, 3),
            ["device_slots_per_second"] = seconds > 0 ? Math.Round(deviceSlots / seconds) : null,
            ["window"] = window,
            ["optimum"] = "per cell: exhaustive while N*M <= 16, the certified dual beyond",
            ["worst_certified_gap"] = record.WorstGap,
            ["gain_ratio"] = Policies.ToDictionary(p => p.Name, p => Gain(tail, p.Q)),
            ["mean_q"] = Policies.Append((Name: "optimum", Q: (Func<MapSlot, double>)(s => s.QOptimum)))
                .ToDictionary(p => p.Name, p => tail.Length == 0 ? double.NaN : tail.Average(p.Q)),
            ["priced_per_slot"] = new Dictionary<string, object?>
            {
                ["ddlo"] = tail.Length == 0 ? 0 : tail.Average(s => (double)s.Priced),
                ["teacher"] = tail.Length == 0 ? 0 : tail.Average(s => (double)s.TeacherPriced),
            },
            ["latency_us"] = new Dictionary<string, object?>
            {
                ["cell_decision_p50"] = Quantile(tailCells.Select(c => c.DecideMicros), 0.5),
                ["cell_decision_p99"] = Quantile(tailCells.Select(c => c.DecideMicros), 0.99),
                ["slot_p50"] = Quantile(tail.Select(s => s.SlotMicros), 0.5),
            },
            ["handovers"] = new Dictionary<string, object?>
            {
                ["total"] = record.Slots.Sum(s => (long)s.Handovers),
                ["per_slot"] = record.Slots.Length == 0 ? 0 : record.Slots.Average(s => (double)s.Handovers),
                ["per_device"] = record.DeviceHandovers.IsEmpty ? 0 : record.DeviceHandovers.Average(),
                ["most_by_one_device"] = record.DeviceHandovers.IsEmpty ? 0 : record.DeviceHandovers.Max(),
            },
            ["uncovered_share"] = record.Slots.Length == 0 ? 0 : record.Slots.Sum(s => (double)s.Uncovered) / ((double)settings.System.Devices * record.Slots.Length),
            ["cells"] = record.Topology.Cells.Select(site =>
            {
                var mine = record.Cells.Where(c => c.Cell == site.Index).ToArray();
                var recent = mine.Where(c => c.Slot >= first).ToArray();
                double q = recent.Sum(c => c.Q);
                return new Dictionary<string, object?>
                {
                    ["cell"] = site.Index,
                    ["x_m"] = site.Position.X,
                    ["y_m"] = site.Position.Y,
                    ["mean_devices"] = mine.Length == 0 ? 0 : mine.Average(c => (double)c.Devices),
                    ["gain_ratio"] = q > 0 ? recent.Sum(c => c.QOptimum) / q : null,
                    ["greedy_gain_ratio"] = recent.Sum(c => c.QGreedy) is > 0 and var g ? recent.Sum(c => c.QOptimum) / g : null,
                    ["handovers_in"] = mine.Sum(c => (long)c.Handovers),
                    ["mean_load_mb"] = mine.Length == 0 ? 0 : mine.Average(c => c.LoadMb),
                };
            }).ToList(),
        };
    }

    private static double? Quantile(IEnumerable<double> values, double tau)
    {
        var data = values.Where(double.IsFinite).ToArray();
        return data.Length == 0 ? null : Math.Round(Statistics.Quantile(data, tau), 1);
    }

    /// <summary>Writes the folder's files; answers summary.json's fields.</summary>
    public static Dictionary<string, object?> Write(string directory, MapRecord record, Scenario scenario, Learning.Numerics numerics)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ResultsWriter.WriteScenario(directory, scenario);
        CsvFile.Write(Path.Combine(directory, ResultsLayout.StepsFile), StepsHeader, StepsRows(record));
        CsvFile.Write(Path.Combine(directory, ResultsLayout.CellsFile), CellsHeader, CellsRows(record));
        var summary = Summary(record, scenario, Digest(record), numerics);
        ResultsWriter.WriteAtomically(Path.Combine(directory, ResultsLayout.SummaryFile), path => File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(summary, ResultsJson.Options)));
        var figures = scenario.Settings.Results.Figures;
        Map(Path.Combine(directory, ResultsLayout.MapPlot), record, figures);
        CellGains(Path.Combine(directory, ResultsLayout.CellGainsPlot), record, figures);
        return summary;
    }

    /// <summary>The cells (edge server and coverage circle, numbered), the first devices' tracks and the handover points.</summary>
    public static void Map(string path, MapRecord record, FigureSettings figures)
    {
        ArgumentNullException.ThrowIfNull(record);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        foreach (var cell in record.Topology.Cells)
        {
            var circle = plot.Add.Circle(cell.Position.X, cell.Position.Y, cell.RadiusM);
            circle.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.06);
            circle.LineStyle.Color = Colors.SteelBlue.WithAlpha(0.5);
            var server = plot.Add.Marker(cell.Position.X, cell.Position.Y, MarkerShape.FilledSquare, 8);
            server.Color = Colors.Black;
            var label = plot.Add.Text(cell.Index.ToString(CultureInfo.InvariantCulture), cell.Position.X, cell.Position.Y);
            label.LabelFontSize = 11;
            label.LabelOffsetX = 6;
        }

        for (int d = 0; d < record.Tracks.Length; d++)
        {
            var track = record.Tracks[d];
            var line = plot.Add.ScatterLine(track.Select(p => p.X).ToArray(), track.Select(p => p.Y).ToArray());
            line.Color = palette.GetColor(d).WithAlpha(0.8);
            line.LineWidth = 1;
            if (d == 0)
            {
                line.LegendText = $"tracks of devices 0-{record.Tracks.Length - 1}";
            }
        }

        if (!record.HandoverPoints.IsEmpty)
        {
            var points = record.HandoverPoints.Take(2000).ToArray();
            var handovers = plot.Add.ScatterPoints(points.Select(p => p.Position.X).ToArray(), points.Select(p => p.Position.Y).ToArray());
            handovers.MarkerShape = MarkerShape.Eks;
            handovers.MarkerSize = 5;
            handovers.Color = Colors.Crimson.WithAlpha(0.6);
            handovers.LegendText = string.Create(CultureInfo.InvariantCulture, $"handovers ({points.Length:N0} of {record.Slots.Sum(s => (long)s.Handovers):N0})");
        }

        double h = record.HalfSideM;
        var area = plot.Add.Rectangle(-h, h, -h, h);
        area.FillStyle.Color = Colors.Transparent;
        area.LineStyle.Color = Colors.Gray;
        Figures.Title(plot, string.Create(CultureInfo.InvariantCulture, $"{record.Topology.Count} cells on a {2 * h:0} m square"), figures);
        plot.XLabel("x (m)");
        plot.YLabel("y (m)");
        plot.Axes.SquareUnits();
        plot.ShowLegend(Edge.Right);
        Figures.Save(path, plot, figures, 1.25, 1.25);
    }

    /// <summary>Each cell's gain ratio over the summary's window, the learner's beside greedy's and edge-only's.</summary>
    public static void CellGains(string path, MapRecord record, FigureSettings figures)
    {
        ArgumentNullException.ThrowIfNull(record);
        int window = Window(record);
        long first = record.Slots.Length == 0 ? 0 : record.Slots[^1].Slot - window + 1;
        var plot = new Plot();
        (string Name, Func<CellSlotResult, double> Q, Color Color)[] series =
        [
            ("ddlo (network alone)", c => c.Q, Colors.SteelBlue),
            ("greedy", c => c.QGreedy, Colors.SeaGreen),
            ("edge only", c => c.QEdge, Colors.DarkOrange),
        ];
        for (int s = 0; s < series.Length; s++)
        {
            var (name, q, color) = series[s];
            var bars = record.Topology.Cells.Select(site =>
            {
                var recent = record.Cells.Where(c => c.Cell == site.Index && c.Slot >= first).ToArray();
                double cost = recent.Sum(q);
                return new Bar
                {
                    Position = site.Index + ((s - 1) * 0.27),
                    Value = cost > 0 ? recent.Sum(c => c.QOptimum) / cost : 0,
                    FillColor = color,
                    Size = 0.25,
                };
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
        }

        var optimum = plot.Add.HorizontalLine(1.0);
        optimum.Color = Colors.Black;
        optimum.LinePattern = LinePattern.Dashed;
        Figures.Title(plot, string.Create(CultureInfo.InvariantCulture, $"Gain ratio Q*/Q per cell over the last {window} slots (1 is optimal)"), figures);
        plot.XLabel("cell");
        plot.YLabel("Q* / Q");
        plot.Axes.SetLimitsY(0, 1.05);
        plot.ShowLegend(Edge.Right);
        Figures.Save(path, plot, figures, 1.25);
    }
}
