using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ddlo.Hosting.Results;
using Ddlo.Actors.Configuration;
using Ddlo.Experiments.Benches;
using Ddlo.Hosting.Cluster;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>
/// The paper's platform comparison, as we can stage it: one node against loopback Akka.Clusters of 1, 2 and 3
/// processes, each on every core and, given a <c>ddlo</c> command, limited to one core with <c>taskset -c 0</c> (a weak
/// edge device). Each measurement is <see cref="PlatformBenchmark"/>: in this process on every core, and in a child
/// process (<c>ddlo bench platform --json</c>, read back as a <see cref="PlatformMeasurement"/>) on one core, so that
/// the core limit covers it and its learners.
/// </summary>
/// <param name="ddlo">
/// The command that runs <c>ddlo</c> with the arguments it is given: learner nodes are its processes, and the
/// one-core measurements run through it. Without one, learners are nodes in this process and one-core is skipped.
/// </param>
public sealed class PlatformExperiment(Func<IReadOnlyList<string>, ProcessStartInfo>? ddlo = null) : Experiment<PlatformResults>
{
    public override string Kind => "platforms";

    public override IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool> { ["platforms"] = true, ["one-core"] = true };

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var platforms = options.Strings("platforms").Select(name => PlatformNames.TryParse(name, out var platform)
            ? platform
            : throw options.Error("platforms", $"unknown platform '{name}'; expected {string.Join(", ", PlatformNames.All)}")).ToImmutableArray();
        return !platforms.Contains(Platform.SingleNode)
            ? throw options.Error("platforms", $"a platforms experiment compares every platform with one node: list single among them (got {string.Join(", ", platforms.Select(p => p.Name()))})")
            : plan with { Platforms = platforms, OneCore = options.Boolean("one-core", false) };
    }


    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Values.Length * plan.Repetitions * plan.Platforms.Length * Variants(plan).Count;
    }

    private List<bool> Variants(ExperimentPlan plan) => plan.OneCore && ddlo is not null && TasksetAvailable() ? [false, true] : [false];

    public override async Task<PlatformResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rows = new List<PlatformResults.Row>();
        foreach (string value in plan.Values)
        {
            foreach (bool oneCore in Variants(plan))
            {
                foreach (var platform in plan.Platforms)
                {
                    foreach (int repetition in Enumerable.Range(1, plan.Repetitions))
                    {
                        rows.Add(await Measure(plan, value, platform, oneCore, repetition, cancellationToken).ConfigureAwait(false));
                        runDone();
                    }
                }
            }
        }

        return new PlatformResults([.. rows]);
    }

    public override ExperimentOutput Write(ExperimentPlan plan, PlatformResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Rows;
        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            ["value", "platform", "cores", "repetition", "training_ms_per_1000_steps", "latency_us_p50", "latency_us_p99"],
            rows.Select(r => new object?[] { r.Value, r.Platform.Name(), r.Cores, r.Repetition, Math.Round(r.TrainingMs, 1), Math.Round(r.LatencyP50, 1), Math.Round(r.LatencyP99, 1) }));

        string figure = Path.Combine(directory, plan.Name + ".png");
        var groups = rows.Where(r => r.Error is null).GroupBy(r => (r.Value, r.Cores)).ToList();
        string label = plan.SweepLabel;
        ExperimentPlots.GroupedBars(
            figure, plan.Figures,
            plan.Title,
            [.. plan.Platforms.Select(p => p.Name())],
            [.. groups.Select(g => (Name: $"{label} = {g.Key.Value}, {CoresName(g.Key.Cores)}: training (ms / 1,000 steps)", Values: plan.Platforms.Select(p => g.Where(r => r.Platform == p).Select(r => r.TrainingMs).DefaultIfEmpty(0).Mean()).ToArray()))],
            [.. groups.Select(g => (Name: $"{label} = {g.Key.Value}, {CoresName(g.Key.Cores)}: inference p50 (µs / decision)", Values: plan.Platforms.Select(p => g.Where(r => r.Platform == p).Select(r => r.LatencyP50).DefaultIfEmpty(0).Mean()).ToArray()))]);

        return new ExperimentOutput(csv, figure, Table(rows));
    }

    private async Task<PlatformResults.Row> Measure(ExperimentPlan plan, string value, Platform platform, bool oneCore, int repetition, CancellationToken cancellationToken)
    {
        try
        {
            var measured = oneCore
                ? await MeasureOnOneCore(plan, value, platform, repetition, cancellationToken).ConfigureAwait(false)
                : await PlatformBenchmark.MeasureAsync(
                    extra => Scenario.Load(plan.BaseScenario, [.. plan.RunOverrides(value, repetition), .. extra]),
                    platform,
                    plan.Steps,
                    ddlo is null ? null : seed => ddlo(["node", "--role", "learner", "--seed", seed]),
                    cancellationToken).ConfigureAwait(false);
            return new PlatformResults.Row(value, platform, measured.Processors, repetition, measured.TrainingMsPer1000Steps, measured.LatencyMicrosecondsP50, measured.LatencyMicrosecondsP99);
        }
        catch (Exception e) when (e is PlatformMeasurementException or ClusterJoinException)
        {
            // One failed measurement costs its row, not the experiment: it is logged and shown as failed.
            Serilog.Log.Warning("{Experiment}: measuring {Platform} (one core: {OneCore}) failed: {Reason}", plan.Name, platform.Name(), oneCore, e.Message);
            return new PlatformResults.Row(value, platform, oneCore ? 1 : Environment.ProcessorCount, repetition, double.NaN, double.NaN, double.NaN) { Error = e.Message };
        }
    }

    /// <summary><c>taskset -c 0 ddlo bench platform NAME --json</c>: the child and its learner processes on one core.</summary>
    private async Task<PlatformMeasurement> MeasureOnOneCore(ExperimentPlan plan, string value, Platform platform, int repetition, CancellationToken cancellationToken)
    {
        List<string> arguments = ["bench", "platform", platform.Name(), "--steps", plan.Steps.ToString(CultureInfo.InvariantCulture), "--json"];
        if (plan.BaseScenario is not null)
        {
            arguments.AddRange(["--scenario", plan.BaseScenario]);
        }

        foreach (string set in plan.RunOverrides(value, repetition))
        {
            arguments.AddRange(["--set", set]);
        }

        var command = ddlo!(arguments);
        var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-c", "0", command.FileName }.Concat(command.ArgumentList))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new PlatformMeasurementException($"exit {process.ExitCode}: {(await stderr.ConfigureAwait(false)).Trim().Split('\n')[0]}");
        }

        return JsonSerializer.Deserialize<PlatformMeasurement>(await stdout.ConfigureAwait(false), ResultsJson.Options)
            ?? throw new PlatformMeasurementException("ddlo bench platform printed no measurement");
    }

    private sealed class PlatformMeasurementException(string message) : Exception(message);

    /// <summary>Whether <c>taskset</c> is on the PATH, to pin a child process to cores.</summary>
    public static bool TasksetAvailable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, "taskset")));

    private static string CoresName(int cores) => cores == 1 ? "1 core" : $"{cores} cores";

    private static string Table(IReadOnlyList<PlatformResults.Row> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| value | platform | cores | training (ms / 1,000 steps) | inference p50 (µs) | inference p99 (µs) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var failed in rows.Where(r => r.Error is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {failed.Value} | {failed.Platform.Name()} | {failed.Cores} | failed: {failed.Error} | | |");
        }

        foreach (var g in rows.Where(r => r.Error is null).GroupBy(r => (r.Value, r.Platform, r.Cores)))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key.Value} | {g.Key.Platform.Name()} | {g.Key.Cores} | {SeedStatistics.MeanAndSpread(g.Select(r => r.TrainingMs), "0")} | {SeedStatistics.MeanAndSpread(g.Select(r => r.LatencyP50), "0")} | {SeedStatistics.MeanAndSpread(g.Select(r => r.LatencyP99), "0")} |");
        }

        return text.ToString();
    }

    public override IEnumerable<Claim> Claims(ExperimentPlan plan, PlatformResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Rows.Where(r => r.Error is null).ToList();
        if (rows.Count == 0)
        {
            yield break;
        }

        var latencies = rows.GroupBy(r => (r.Platform, r.Cores)).Select(g => (g.Key, P50: g.Select(r => r.LatencyP50).Mean())).ToList();
        double spread = latencies.Max(l => l.P50) / latencies.Min(l => l.P50);
        yield return new Claim(
            "Inference time stays almost the same on every platform",
            "about equal on bare metal, VMs, Kubernetes and HPC",
            $"inference p50 from {latencies.Min(l => l.P50):0} to {latencies.Max(l => l.P50):0} µs ({spread:0.0}x): {string.Join(", ", latencies.Select(l => $"{l.Key.Platform.Name()}/{l.Key.Cores}c {l.P50:0}"))}",
            spread <= 2);
        var single = rows.Where(r => r.Platform == Platform.SingleNode).GroupBy(r => r.Cores).ToDictionary(g => g.Key, g => g.Select(r => r.TrainingMs).Mean());
        if (single.Count == 2)
        {
            double one = single[1];
            double all = single.Where(s => s.Key != 1).Select(s => s.Value).Single();
            yield return new Claim(
                "More CPUs do not cut the training time much",
                "little gain above a few CPUs",
                $"single node: {one:0} ms per 1,000 steps on 1 core, {all:0} ms on all cores ({one / all:0.00}x)",
                one / all < 1.5);
        }

        var clusters = rows.Where(r => r.Platform != Platform.SingleNode && r.Cores > 1).GroupBy(r => r.Platform.Name()).ToDictionary(g => g.Key, g => g.Select(r => r.TrainingMs).Mean());
        if (single.TryGetValue(rows.Where(r => r.Platform == Platform.SingleNode).Max(r => r.Cores), out double local) && clusters.Count > 0)
        {
            yield return new Claim(
                "Orchestration overhead makes distributed platforms slower (Kubernetes slower than VMs)",
                "communication and management overhead",
                $"training ms per 1,000 steps: single node {local:0}, {string.Join(", ", clusters.Select(c => $"{c.Key} {c.Value:0}"))}",
                clusters.Values.Max() > local);
        }
    }
}
