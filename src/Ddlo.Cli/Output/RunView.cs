using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Results;
using Spectre.Console;

namespace Ddlo.Cli.Output;

/// <summary>What a person sees of a run: a live progress bar while it runs, a comparison table after.</summary>
internal static class RunView
{
    /// <summary>Runs the simulation under a progress bar (gain ratio and steps/s live) and returns its record.</summary>
    public static Task<RunRecord> RunWithProgressAsync(Scenario scenario, SimulationSources sources, string title, CancellationToken cancellationToken) =>
        WithProgressAsync(scenario, title, progress => SimulationRunner.RunAsync(scenario, sources, progress, cancellationToken));

    /// <summary>Runs a checkpointed simulation under a progress bar; <paramref name="stop"/> makes it checkpoint and stop.</summary>
    public static Task<RunOutcome> RunWithProgressAsync(Scenario scenario, SimulationSources sources, CheckpointOptions checkpoints, string title, CancellationToken stop) =>
        WithProgressAsync(scenario, title, progress => SimulationRunner.RunAsync(scenario, sources, checkpoints, progress, stop));

    /// <summary>The progress bar every run shows: its title and figures, the bar, the share done, the time spent and left.</summary>
    internal static Progress Bar() => AnsiConsole.Progress()
        .AutoClear(false)
        .HideCompleted(false)
        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());

    private static async Task<T> WithProgressAsync<T>(Scenario scenario, string title, Func<IProgress<RunProgress>, Task<T>> run)
    {
        T result = default!;
        await Bar()
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: scenario.Settings.Run.Steps);
                var progress = new ProgressReporter(p =>
                {
                    task.Value = p.Decided;
                    string gain = double.IsNaN(p.RollingGainRatio) ? "n/a" : p.RollingGainRatio.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
                    string queue = double.IsNaN(p.DataQueue) ? string.Empty : $"  queue {p.DataQueue.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} Mbit";
                    task.Description = Markup.Escape($"{title}  gain {gain}{queue}  {p.StepsPerSecond:0} steps/s");
                });
                result = await run(progress).ConfigureAwait(false);
                if (result is not RunOutcome { Stopped: not null })
                {
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);
        return result;
    }

    public static void ShowSummary(RunSummary summary, Actors.Systems.SystemWords words)
    {
        // The model names its value and its scale (WPMEC's rate in bit/s shown in Mbit/s); the gain ratio is Q/Q* for a
        // maximised value, Q*/Q for a cost (1 is optimal either way).
        bool rate = summary.Objective == Core.Systems.Objective.Maximise;
        string valueName = words.MeanHeading;
        double scale = 1 / words.DisplayDivisor;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"last {summary.Steps - summary.TailFrom} of {summary.Steps} steps (Q* from {summary.OptimumSource}" +
                (summary.OptimumSource == "dual" ? $", certified within {summary.OptimumGap:0.##e+0})" : ")"))
            .AddColumn("policy")
            .AddColumn(new TableColumn(valueName).RightAligned())
            .AddColumn(new TableColumn(rate ? "gain ratio Q/Q*" : "gain ratio Q*/Q").RightAligned())
            // The work behind each figure: what the row's decision cost, and how long the actors took to reach it.
            .AddColumn(new TableColumn("priced / slot").RightAligned())
            .AddColumn(new TableColumn("decision p50").RightAligned());
        foreach (var policy in summary.Policies)
        {
            table.AddRow(
                policy.Policy == "optimum" ? $"optimum ({summary.OptimumSource})" : policy.Policy,
                Describe.Number(policy.MeanQ * scale, words.SummaryFormat),
                double.IsNaN(policy.MeanGainRatio) ? "-" : Describe.Number(policy.MeanGainRatio, "0.0000"),
                double.IsNaN(policy.PricedPerSlot) ? "-" : Describe.Number(policy.PricedPerSlot, "#,0.#"),
                double.IsNaN(policy.LatencyMicrosecondsP50) ? "-" : $"{Describe.Number(policy.LatencyMicrosecondsP50, "#,0")} µs");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(
            $"{Describe.Number(summary.StepsPerSecond, "0")} steps/s (set-up {Describe.Number(summary.SetupSeconds, "0.0")} s before the first slot), decision latency p50 {Describe.Number(summary.LatencyMicrosecondsP50, "0")} µs / p99 {Describe.Number(summary.LatencyMicrosecondsP99, "0")} µs, " +
            $"slots generated {summary.SlotsGenerated}, decided {summary.SlotsDecided}, degraded {summary.DegradedSlots}, DNN restarts {summary.DnnRestarts}");
        if (summary.Queues is { } q)
        {
            AnsiConsole.MarkupLine(Markup.Escape(
                $"queues over the last {summary.Steps - summary.TailFrom} frames, per device: data {Describe.Number(q.DataQueue, "0.0")} Mbit, energy queue {Describe.Number(q.EnergyQueue, "0.0")}, " +
                $"energy {Describe.Number(q.Energy, "0.0000")} J a frame, arrivals {Describe.Number(q.Arrivals, "0.000")} and service {Describe.Number(q.Served, "0.000")} Mbit a frame" +
                (q.LittlesLaw is { } law
                    ? $"; Little's law over the run: backlog {Describe.Number(law.Backlog, "0.00")} Mbit, arrival rate x wait {Describe.Number(law.ArrivalRate, "0.000")} x {Describe.Number(law.MeanWait, "0.00")} = {Describe.Number(law.Predicted, "0.00")} Mbit"
                    : string.Empty)));
        }
    }

    private sealed class ProgressReporter(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
