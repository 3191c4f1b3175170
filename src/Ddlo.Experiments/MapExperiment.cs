using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.World;
using Ddlo.Hosting.Results;

namespace Ddlo.Experiments;

/// <summary>
/// A map of cells against how fast its devices move and how many cells share it (<c>kind = map</c>): the sweep's
/// values set the random-waypoint top speed; <c>cells = [..]</c> lays each count out as a grid over the base scenario's
/// map (spacing its side over the cells per row, each covering <c>radius-factor</c> of the spacing), with
/// <c>devices-per-cell</c> devices per cell. Every run reports the learner's gain ratio (the network alone) beside
/// greedy, edge-only and local-only against each cell's optimum, and the handovers per device and slot.
/// </summary>
public sealed class MapExperiment : Experiment<MapExperiment.Results>
{
    /// <summary>The policies a map run scores side by side, as the table and the CSV name them.</summary>
    private static readonly string[] Compared = ["ddlo", "greedy", "edge", "local"];

    public override string Kind => "map";

    public override IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool>
    {
        ["cells"] = true,
        ["devices-per-cell"] = false,
        ["radius-factor"] = false,
    };

    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Values.Length * Math.Max(1, plan.Designs.Length) * plan.Repetitions;
    }

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var cells = options.Strings("cells");
        int perCell = options.Has("devices-per-cell") ? options.Whole("devices-per-cell", 1, 10_000) : 50;
        double factor = double.TryParse(options.Text("radius-factor", "0.75"), NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f is > 0 and <= 10
            ? f
            : throw options.Error("radius-factor", $"expected a number in (0, 10], got '{options.Text("radius-factor")}'");
        var scenario = Scenario.Load(plan.BaseScenario, plan.Overrides);
        if (!MapRunner.IsMap(scenario.Settings))
        {
            throw options.Error("base-scenario", "a map experiment needs a base scenario with ddlo.topology set (hocon/scenarios/city-16-cells.conf, say)");
        }

        double side = 2 * new MapPlan(scenario.Settings).Area.HalfSideM;
        var designs = ImmutableArray.CreateBuilder<Design>();
        foreach (string text in cells.IsEmpty ? [scenario.Settings.System.Settings<Ddlo.Actors.Systems.Mumt.MumtSettings>().Topology!.Count.ToString(CultureInfo.InvariantCulture)] : cells)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int count) || count < 1 || count > 1_000)
            {
                throw options.Error("cells", $"expected whole numbers of cells in [1, 1000], got '{text}'");
            }

            int perRow = (int)Math.Ceiling(Math.Sqrt(count));
            double spacing = side / perRow;
            designs.Add(new Design(
                string.Create(CultureInfo.InvariantCulture, $"{count} cells"),
                [
                    "ddlo.topology.layout=grid",
                    string.Create(CultureInfo.InvariantCulture, $"ddlo.topology.cells={count}"),
                    string.Create(CultureInfo.InvariantCulture, $"ddlo.topology.spacing-m={spacing:R}"),
                    string.Create(CultureInfo.InvariantCulture, $"ddlo.topology.radius-m={factor * spacing:R}"),
                    string.Create(CultureInfo.InvariantCulture, $"ddlo.system.devices={count * perCell}"),
                ]));
        }

        return plan with { Designs = designs.ToImmutable() };
    }

    public override async Task<Results> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var jobs = new List<Func<Task<Row>>>();
        foreach (var design in plan.Designs)
        {
            foreach (string value in plan.Values)
            {
                foreach (int repetition in Enumerable.Range(1, plan.Repetitions))
                {
                    jobs.Add(() => Measure(plan, design, value, repetition, cancellationToken));
                }
            }
        }

        // One map run at a time: its cells already spread over every core.
        return new Results([.. await ParallelRuns.RunAsync(jobs, 1, runDone, cancellationToken).ConfigureAwait(false)]);
    }

    private static async Task<Row> Measure(ExperimentPlan plan, Design design, string value, int repetition, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides(value, repetition, [.. design.Overrides]));
        var record = await MapRunner.RunAsync(scenario, progress: null, cancellationToken).ConfigureAwait(false);
        int window = MapResults.Window(record);
        var tail = record.Slots.Skip(record.Slots.Length - window).ToArray();
        var gains = MapResults.Policies.Where(p => Compared.Contains(p.Name)).ToImmutableDictionary(p => p.Name, p => MapResults.Gain(tail, p.Q));
        int devices = scenario.Settings.System.Devices;
        double slots = record.Slots.Length;
        return new Row(
            design.Name,
            value,
            repetition,
            devices,
            gains,
            record.Slots.Sum(s => (double)s.Handovers) / (devices * slots),
            record.Slots.Sum(s => (double)s.Uncovered) / (devices * slots),
            tail.Average(s => (double)s.Priced),
            record.WorstGap,
            devices * slots / record.Elapsed.TotalSeconds);
    }

    /// <summary>A map experiment reports what it measured: the learner's target is judged on its own scenario (README).</summary>
    public override IEnumerable<Claim> Claims(ExperimentPlan plan, Results results) => [];

    public override ExperimentOutput Write(ExperimentPlan plan, Results results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            ["cells", plan.SweepKey, "seed", "devices", .. Compared.Select(p => $"gain_{p}"), "handovers_per_device_slot", "uncovered_share", "priced_per_slot", "worst_gap", "device_slots_per_second"],
            results.Rows.Select(r => (object?[])[r.Cells, r.Value, r.Repetition, r.Devices, .. Compared.Select(p => (object?)r.Gains[p]), r.HandoversPerDeviceSlot, r.UncoveredShare, r.PricedPerSlot, r.WorstGap, r.DeviceSlotsPerSecond]));

        string axis = $"{plan.SweepKey["ddlo.".Length..]} (points: the last 20 % of slots{(plan.Repetitions > 1 ? $"; band: 95 % CI over {plan.Repetitions} seeds" : string.Empty)})";
        string figure = Path.Combine(directory, plan.Name + ".png");
        ExperimentPlots.Panels(figure, plan.Figures, plan.Title, axis, "gain ratio Q*/Q (1 is optimal)", plan.Values,
            [.. plan.Designs.Select(d => (d.Name, (IReadOnlyList<Series>)[.. Compared.Select((p, i) => Line(plan, results, d.Name, Label(p), r => r.Gains[p], i))]))]);
        string handovers = Path.Combine(directory, plan.Name + "-handovers.png");
        ExperimentPlots.Panels(handovers, plan.Figures, "Handovers per device and slot", axis, "handovers per device-slot", plan.Values,
            [("all maps", (IReadOnlyList<Series>)[.. plan.Designs.Select((d, i) => Line(plan, results, d.Name, d.Name, r => r.HandoversPerDeviceSlot, i))])]);
        return new ExperimentOutput(csv, figure, Table(plan, results)) { MoreFiles = [handovers] };
    }

    private static string Label(string policy) => policy switch
    {
        "ddlo" => "DDLO (network alone)",
        "greedy" => "nearest-cell greedy",
        _ => PolicyLabels.Of(policy),
    };

    private static Series Line(ExperimentPlan plan, Results results, string cells, string name, Func<Row, double> of, int colour)
    {
        var intervals = plan.Values
            .Select(v => SeedStatistics.ConfidenceInterval([.. results.Rows.Where(r => r.Cells == cells && r.Value == v).Select(of)]))
            .ToList();
        return new Series(
            name,
            [.. Enumerable.Range(0, plan.Values.Length).Select(i => (double)i)],
            [.. intervals.Select(i => i.Mean)],
            [.. intervals.Select(i => double.IsNaN(i.Low) ? i.Mean : i.Low)],
            [.. intervals.Select(i => double.IsNaN(i.High) ? i.Mean : i.High)]) { Colour = colour };
    }

    private static string Table(ExperimentPlan plan, Results results)
    {
        var text = new StringBuilder();
        text.AppendLine("Gain ratio against each cell's optimum (exhaustive or certified dual) over the last 20 % of each run, the handovers per device and slot, and the work behind the learner's figure:");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| cells | devices | {plan.SweepLabel} | {string.Join(" | ", Compared.Select(Label))} | handovers / device-slot | priced / slot (learner) | worst gap | device-slots/s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{string.Concat(Enumerable.Repeat(" --- |", 3 + Compared.Length + 4))}");
        foreach (var group in results.Rows.GroupBy(r => (r.Cells, r.Value)))
        {
            string Spread(Func<Row, double> of, string format) => SeedStatistics.MeanAndSpread(group.Select(of), format);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key.Cells} | {group.First().Devices} | {group.Key.Value} | {string.Join(" | ", Compared.Select(p => Spread(r => r.Gains[p], "0.0000")))} | {Spread(r => r.HandoversPerDeviceSlot, "0.0000")} | {Spread(r => r.PricedPerSlot, "0")} | {group.Max(r => r.WorstGap):0.#e+0} | {Spread(r => r.DeviceSlotsPerSecond, "0")} |");
        }

        text.AppendLine();
        text.AppendLine(SeedStatistics.Legend);
        return text.ToString();
    }

    /// <summary>Every run of a map experiment.</summary>
    public sealed record Results(ImmutableArray<Row> Rows);

    /// <summary>One map run: its cell count, swept value and seed, each policy's gain ratio and what the run cost.</summary>
    public sealed record Row(
        string Cells,
        string Value,
        int Repetition,
        int Devices,
        ImmutableDictionary<string, double> Gains,
        double HandoversPerDeviceSlot,
        double UncoveredShare,
        double PricedPerSlot,
        double WorstGap,
        double DeviceSlotsPerSecond);
}
