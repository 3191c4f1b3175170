using Ddlo.Actors.Checkpoints;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.World;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console;

namespace Ddlo.Cli.Output;

/// <summary>A map run on the console (<c>ddlo.topology</c>): its progress with handovers per slot, then its table.</summary>
internal static class MapView
{
    /// <summary>
    /// A map of cells (<c>ddlo.topology</c>) in a results folder, run by <paramref name="run"/> (on this node, or over a
    /// cluster) to its end, then its results. A stop (Ctrl+C, SIGTERM) ends it at the slot's end with a checkpoint, as a
    /// run of one cell does, and <paramref name="resumeCommand"/> goes on from there.
    /// </summary>
    public static async Task<int> RunSessionAsync(
        RunSession session, bool json, string title, Func<IProgress<MapProgress>?, CancellationToken, Task<MapOutcome>> run, string resumeCommand, StopSignals signals)
    {
        var scenario = session.Scenario;
        if (MapRunner.CoverageWarning(scenario.Settings) is { } warning)
        {
            Console.Error.WriteLine(warning);
        }

        MapOutcome outcome;
        Dictionary<string, object?> summary;
        try
        {
            outcome = json ? await run(null, signals.Token).ConfigureAwait(false) : await RunWithProgressAsync(scenario, title, run, signals.Token).ConfigureAwait(false);
            summary = outcome.Record is { } done ? MapResults.Write(session.Output, done, scenario, session.Numerics) : [];
        }
        catch (Actors.Simulation.RunWriteException e)
        {
            throw session.WithKept(e);
        }

        if (outcome.Stopped is { } stopped)
        {
            string message = string.Create(CultureInfo.InvariantCulture, $"Stopped at step {stopped.Step} of {scenario.Settings.Run.Steps}; checkpoint saved to {stopped.Path}. Continue with: {resumeCommand}");
            if (json)
            {
                JsonOutput.Write(new Dictionary<string, object> { ["stopped_at"] = stopped.Step, ["checkpoint"] = stopped.Path, ["results"] = session.Output });
            }
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape(message));
            }

            return signals.ExitCode;
        }

        var record = outcome.Record!;
        // The run is complete and its results are written: its checkpoint has nothing left to resume.
        File.Delete(CheckpointFile.PathIn(session.Output));
        if (json)
        {
            JsonOutput.Write(new Dictionary<string, object?>(summary) { ["results"] = session.Output, ["resumed_from_step"] = session.ResumeFrom?.Step });
            return 0;
        }

        ShowSummary(record, summary);
        AnsiConsole.MarkupLine($"Digest: [bold]{RunDigest.Shown((string)summary["digest"]!)}[/] ({Learning.TorchRuntime.Name(session.Numerics)} numerics; all 64 hex digits in summary.json)");
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Results: [bold]{Markup.Escape(session.Output)}[/] (steps.csv, cells.csv, summary.json, map.png, cells.png{(scenario.Settings.Results.Figures.Svg ? " and their .svg" : string.Empty)}, scenario.conf, ddlo.log)"));
        return 0;
    }

    public static Task<MapOutcome> RunWithProgressAsync(Scenario scenario, CheckpointOptions? checkpoints, string title, CancellationToken stop) =>
        RunWithProgressAsync(scenario, title, (progress, token) => MapRunner.RunAsync(scenario, checkpoints, progress, token), stop);

    private static async Task<MapOutcome> RunWithProgressAsync(Scenario scenario, string title, Func<IProgress<MapProgress>?, CancellationToken, Task<MapOutcome>> run, CancellationToken stop)
    {
        MapOutcome outcome = null!;
        await RunView.Bar()
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: scenario.Settings.Run.Steps);
                var progress = new Reporter(p =>
                {
                    task.Value = p.Decided;
                    string gain = double.IsNaN(p.RecentGain) ? "n/a" : p.RecentGain.ToString("0.0000", CultureInfo.InvariantCulture);
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title}  gain {gain}  handovers {p.RecentHandovers:0.0}/slot ({p.Handovers:N0})"));
                });
                outcome = await run(progress, stop).ConfigureAwait(false);
                if (outcome.Record is not null)
                {
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>The learner beside the optimum and the baselines over the summary's window, with the work behind each.</summary>
    public static void ShowSummary(MapRecord record, IReadOnlyDictionary<string, object?> summary)
    {
        int window = MapResults.Window(record);
        var tail = record.Slots.Skip(record.Slots.Length - window).ToArray();
        var latency = (Dictionary<string, object?>)summary["latency_us"]!;
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture,
                $"last {window} of {record.Slots.Length} slots, {record.Topology.Count} cells ({(tail.Any(s => double.IsNaN(s.QOptimum)) ? "not scored: score-against-optimum = off" : $"Q* per cell: exhaustive or certified dual, worst gap {record.WorstGap:0.##e+0}")})"))
            .AddColumn("policy")
            .AddColumn(new TableColumn("mean Q (J)").RightAligned())
            .AddColumn(new TableColumn("gain ratio Q*/Q").RightAligned())
            .AddColumn(new TableColumn("priced / slot").RightAligned())
            .AddColumn(new TableColumn("cell decision p50").RightAligned());
        string Mean(Func<MapSlot, double> q) => tail.Average(q).ToString("0.0000", CultureInfo.InvariantCulture);
        string Gain(Func<MapSlot, double> q) => MapResults.Gain(tail, q) is var g && double.IsFinite(g) ? g.ToString("0.0000", CultureInfo.InvariantCulture) : "not scored";
        table.AddRow("optimum", Mean(s => s.QOptimum), Gain(s => s.QOptimum), "–", "–");
        foreach (var (name, q) in MapResults.Policies)
        {
            string priced = name switch
            {
                "ddlo" => tail.Average(s => (double)s.Priced).ToString("0.#", CultureInfo.InvariantCulture),
                "teacher" => tail.Average(s => (double)s.TeacherPriced).ToString("0", CultureInfo.InvariantCulture) + " (off path)",
                _ => record.Topology.Count.ToString(CultureInfo.InvariantCulture),
            };
            string p50 = name == "ddlo" && latency["cell_decision_p50"] is double micros ? string.Create(CultureInfo.InvariantCulture, $"{micros:0} µs") : "–";
            table.AddRow(name == "ddlo" ? "ddlo (networks alone)" : name, Mean(q), Gain(q), priced, p50);
        }

        AnsiConsole.Write(table);
        var handovers = (Dictionary<string, object?>)summary["handovers"]!;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Handovers: {handovers["total"]:N0} ({handovers["per_slot"]:0.00} per slot, {handovers["per_device"]:0.00} per device); devices no cell covered: {summary["uncovered_share"]:P2} of device-slots; {summary["device_slots_per_second"]:N0} device-slots/s.")));
    }

    private sealed class Reporter(Action<MapProgress> report) : IProgress<MapProgress>
    {
        public void Report(MapProgress value) => report(value);
    }
}
