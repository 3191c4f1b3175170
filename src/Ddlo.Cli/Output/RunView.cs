using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
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

    private static async Task<T> WithProgressAsync<T>(Scenario scenario, string title, Func<IProgress<RunProgress>, Task<T>> run)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: scenario.Settings.Run.Steps);
                var progress = new ProgressReporter(p =>
                {
                    task.Value = p.Decided;
                    string gain = double.IsNaN(p.RollingGainRatio) ? "n/a" : p.RollingGainRatio.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
                    task.Description = Markup.Escape($"{title}  gain {gain}  {p.StepsPerSecond:0} steps/s");
                });
                result = await run(progress).ConfigureAwait(false);
                if (result is not RunOutcome { Stopped: not null })
                {
                    task.Value = task.MaxValue;
                }
            }).ConfigureAwait(false);
        return result;
    }

    public static void ShowSummary(RunSummary summary)
    {
        // WPMEC's Q is a rate in bit/s, maximised: shown in Mbit/s, its gain ratio Q/Q* (1 is optimal either way).
        bool rate = summary.Objective == Core.Systems.Objective.Maximise;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"last {summary.Steps - summary.TailFrom} of {summary.Steps} steps (Q* from {summary.OptimumSource}" +
                (summary.OptimumSource == "dual" ? $", certified within {summary.OptimumGap:0.##e+0})" : ")"))
            .AddColumn("policy")
            .AddColumn(new TableColumn(rate ? "mean rate (Mbit/s)" : "mean Q (J)").RightAligned())
            .AddColumn(new TableColumn(rate ? "gain ratio Q/Q*" : "gain ratio Q*/Q").RightAligned());
        foreach (var policy in summary.Policies)
        {
            table.AddRow(
                policy.Policy == "optimum" ? $"optimum ({summary.OptimumSource})" : policy.Policy,
                Describe.Number(rate ? policy.MeanQ / 1e6 : policy.MeanQ, rate ? "0.0000" : "0.00"),
                double.IsNaN(policy.MeanGainRatio) ? "-" : Describe.Number(policy.MeanGainRatio, "0.0000"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(
            $"{Describe.Number(summary.StepsPerSecond, "0")} steps/s (set-up {Describe.Number(summary.SetupSeconds, "0.0")} s before the first slot), decision latency p50 {Describe.Number(summary.LatencyMicrosecondsP50, "0")} µs / p99 {Describe.Number(summary.LatencyMicrosecondsP99, "0")} µs, " +
            $"slots generated {summary.SlotsGenerated}, decided {summary.SlotsDecided}, degraded {summary.DegradedSlots}, DNN restarts {summary.DnnRestarts}");
    }

    private sealed class ProgressReporter(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
