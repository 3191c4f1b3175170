using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ddlo.Hosting.Results;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Offloading;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Model;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Memory;
using Ddlo.Learning.Networks;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>
/// Fig. 14–16 and 15: time per decision (inference) or per training round for K DNNs, serial (one thread, the K
/// networks one after another) and parallel (K actors at once, answers gathered). Median and p99 over many
/// decisions or rounds per seed. Runs alone, so no other run shares the cores.
/// </summary>
public sealed class TimingExperiment : Experiment<TimingResults>
{
    public override string Kind => "timing";

    public override IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool> { ["measure"] = false };

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var measure = options.Text("measure", "inference") switch
        {
            "inference" => TimingMeasure.Inference,
            "training" => TimingMeasure.Training,
            var other => throw options.Error("measure", $"expected inference | training, got '{other}'"),
        };
        return plan.SweepKey != "ddlo.learning.dnn-count"
            ? throw options.Error("sweep.key", "a timing experiment sweeps the number of DNNs: key = ddlo.learning.dnn-count")
            : plan with { Measure = measure };
    }


    private const int Warmup = 50;

    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Values.Length * plan.Repetitions * 2;
    }

    public override async Task<TimingResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        bool training = plan.Measure == TimingMeasure.Training;
        var timings = new List<TimingResults.Timing>();
        foreach (string value in plan.Values)
        {
            foreach (int repetition in Enumerable.Range(1, plan.Repetitions))
            {
                var scenario = Scenario.Load(plan.BaseScenario, plan.RunOverrides(value, repetition));
                int k = scenario.Settings.Learning.DnnCount;
                timings.Add(Summarise(k, repetition, "serial", Serial(scenario, training, (int)plan.Steps)));
                runDone();
                timings.Add(Summarise(k, repetition, "parallel", await Parallel(scenario, training, (int)plan.Steps, cancellationToken).ConfigureAwait(false)));
                runDone();
            }
        }

        var run = Scenario.Load(plan.BaseScenario, plan.Overrides).Settings;
        return new TimingResults([.. timings], Environment.ProcessorCount, run.Run.Steps, run.Learning.Schedule.RoundsAfter(run.Run.Steps));
    }

    public override ExperimentOutput Write(ExperimentPlan plan, TimingResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var timings = results.Timings;
        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            ["measure", "k", "mode", "repetition", "samples", "median_us", "p99_us", "mean_us"],
            timings.Select(t => new object?[] { plan.Measure.ToString().ToLowerInvariant(), t.K, t.Mode, t.Repetition, t.Samples, Math.Round(t.Median, 1), Math.Round(t.P99, 1), Math.Round(t.Mean, 1) }));

        var series = new List<Series>();
        foreach (string mode in new[] { "serial", "parallel" })
        {
            var ks = timings.Where(t => t.Mode == mode).Select(t => t.K).Distinct().Order().ToArray();
            double[] x = [.. ks.Select(k => (double)k)];
            var medians = Enumerable.Range(1, plan.Repetitions).Select(r => ks.Select(k => timings.Single(t => t.Mode == mode && t.K == k && t.Repetition == r).Median).ToArray()).ToList();
            var p99s = Enumerable.Range(1, plan.Repetitions).Select(r => ks.Select(k => timings.Single(t => t.Mode == mode && t.K == k && t.Repetition == r).P99).ToArray()).ToList();
            var (mean, low, high) = SeedStatistics.Band(medians);
            series.Add(new Series($"{mode}, median", x, mean, low, high));
            var (p99Mean, p99Low, p99High) = SeedStatistics.Band(p99s);
            series.Add(new Series($"{mode}, p99", x, p99Mean, p99Low, p99High));
        }

        string figure = Path.Combine(directory, plan.Name + ".png");
        string what = plan.Measure == TimingMeasure.Training ? "per training round (K Adam steps on a batch each)" : "per decision (K forward passes)";
        ExperimentPlots.Lines(figure, plan.Figures, plan.Title, "number of DNNs K", $"time {what} (µs, log scale)", series, markers: true, logY: true);

        return new ExperimentOutput(csv, figure, Table(timings));
    }

    public override IEnumerable<Claim> Claims(ExperimentPlan plan, TimingResults results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        return plan.Measure == TimingMeasure.Training ? TrainingClaims(results) : InferenceClaims(results);
    }

    /// <summary>One thread: the K networks one after another for each decision (or training round).</summary>
    private static double[] Serial(Scenario scenario, bool training, int count)
    {
        var settings = scenario.Settings;
        var next = Inputs(settings);
        var normalizer = settings.CreateNormalizer();
        var networks = Enumerable.Range(0, settings.Learning.DnnCount).Select(k => new OffloadingNetwork(settings.NetworkOptions(k), normalizer)).ToList();
        try
        {
            var samples = new double[count];
            var decision = new bool[settings.System.TaskCount];
            for (int i = -Warmup; i < count; i++)
            {
                var input = next();
                long start = Stopwatch.GetTimestamp();
                foreach (var network in networks)
                {
                    if (training)
                    {
                        network.Train(input.Sizes.AsSpan(), input.Labels.AsSpan(), input.Rows);
                    }
                    else
                    {
                        network.Decide(input.Workload.Sizes.AsSpan(), decision);
                    }
                }

                if (i >= 0)
                {
                    samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }

            return samples;
        }
        finally
        {
            networks.ForEach(network => network.Dispose());
        }
    }

    /// <summary>K OffloadingActors at once: the time until all K have answered.</summary>
    private static Task<double[]> Parallel(Scenario scenario, bool training, int count, CancellationToken cancellationToken)
    {
        var next = Inputs(scenario.Settings);
        return training
            ? DnnFanOut.TimeTrainingAsync(scenario.Settings, () => { var input = next(); return (input.Sizes, input.Labels, input.Rows); }, count, Warmup, cancellationToken)
            : DnnFanOut.TimeDecisionsAsync(scenario.Settings, () => next().Workload, count, Warmup, cancellationToken);
    }

    /// <summary>The timed inputs, one per call: a training batch sampled from a filled replay memory, and a workload.</summary>
    private static Func<TimingInput> Inputs(DdloSettings settings)
    {
        var system = settings.System;
        var learning = settings.Learning;
        var generator = new UniformWorkloadGenerator(system.Devices, system.TasksPerDevice, settings.Workload.MinMb, settings.Workload.MaxMb, new Random(settings.Run.Seed));
        var memory = new ReplayMemory(learning.MemorySize, system.TaskCount);
        var labels = new Random(settings.Run.Seed + 1);
        for (int i = 0; i < learning.MemorySize; i++)
        {
            memory.Add(generator.Next().Sizes.AsSpan(), [.. Enumerable.Range(0, system.TaskCount).Select(_ => labels.Next(2) == 1)]);
        }

        var sampler = new Random(settings.Run.Seed + 2);
        return () =>
        {
            var (sizes, batchLabels) = memory.Sample(learning.BatchSize, sampler);
            return new TimingInput(sizes, batchLabels, learning.BatchSize, generator.Next());
        };
    }

    private static TimingResults.Timing Summarise(int k, int repetition, string mode, double[] samples) =>
        new(k, repetition, mode, samples.Length, samples.Median(), samples.Quantile(0.99), samples.Mean());

    private static string Table(IReadOnlyList<TimingResults.Timing> timings)
    {
        var text = new StringBuilder();
        text.AppendLine("| K | serial median (µs) | serial p99 (µs) | parallel median (µs) | parallel p99 (µs) |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (int k in timings.Select(t => t.K).Distinct().Order())
        {
            string Cell(string mode, Func<TimingResults.Timing, double> pick) =>
                SeedStatistics.MeanAndSpread(timings.Where(t => t.K == k && t.Mode == mode).Select(pick), "0");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {Cell("serial", t => t.Median)} | {Cell("serial", t => t.P99)} | {Cell("parallel", t => t.Median)} | {Cell("parallel", t => t.P99)} |");
        }

        return text.ToString();
    }

    private static double MedianOf(IReadOnlyList<TimingResults.Timing> timings, string mode, int k) =>
        timings.Where(t => t.Mode == mode && t.K == k).Select(t => t.Median).DefaultIfEmpty(double.NaN).Average();

    private static IEnumerable<Claim> InferenceClaims(TimingResults results)
    {
        var timings = results.Timings;
        int cores = results.Cores;
        var ks = timings.Select(t => t.K).Distinct().Order().ToList();
        string Medians(string mode) => string.Join(", ", ks.Select(k => $"K = {k}: {MedianOf(timings, mode, k):0} µs"));
        // With c cores, c actors can work at once: the flat part of the curve ends at the core count.
        int? flatUpTo = ks.Where(k => k > ks[0] && k <= cores).Cast<int?>().Max();
        double flatRatio = flatUpTo is { } upTo ? MedianOf(timings, "parallel", upTo) / MedianOf(timings, "parallel", ks[0]) : double.NaN;
        yield return new Claim(
            "In parallel, inference takes about the same time per input whatever the number of DNNs",
            "about 0.1 s per input for every K",
            $"parallel median {Medians("parallel")}; " + (flatUpTo is { } k2
                ? $"K = {k2} (this machine has {cores} cores) takes {flatRatio:0.00}x K = {ks[0]}; beyond {cores} DNNs the actors share the cores"
                : $"the sweep has no K between {ks[0]} and the {cores} cores to compare"),
            flatUpTo is null ? null : flatRatio <= 1.5);
        yield return new Claim(
            "Inference per input takes about 0.1 s",
            "0.1 s",
            $"parallel median at K = {ks[0]}: {MedianOf(timings, "parallel", ks[0]):0} µs, {0.1e6 / MedianOf(timings, "parallel", ks[0]):N0} times less (C# and libtorch on one CPU thread against the paper's Python stack)",
            null);
        if (ks.Contains(1) && ks.Contains(3) && ks.Contains(5))
        {
            double three = MedianOf(timings, "serial", 3) / MedianOf(timings, "serial", 1);
            double five = MedianOf(timings, "serial", 5) / MedianOf(timings, "serial", 1);
            yield return new Claim(
                "Serially, inference grows with K: 0.1 / 0.3 / 0.5 s for 1 / 3 / 5 DNNs",
                "ratios 3x and 5x of K = 1",
                $"serial median {MedianOf(timings, "serial", 1):0} / {MedianOf(timings, "serial", 3):0} / {MedianOf(timings, "serial", 5):0} µs: {three:0.0}x and {five:0.0}x of K = 1",
                three is >= 2 and <= 4 && five is >= 3 and <= 7);
        }
    }

    private static IEnumerable<Claim> TrainingClaims(TimingResults results)
    {
        var timings = results.Timings;
        long rounds = results.RoundsPerRun;
        string For(int k) => $"K = {k}: {MedianOf(timings, "serial", k) * rounds / 1e6:0.0} s serial, {MedianOf(timings, "parallel", k) * rounds / 1e6:0.0} s parallel";
        var ks = timings.Select(t => t.K).Distinct().Order().ToList();
        yield return new Claim(
            "Training 3 or 5 DNNs takes about 1 h 15 min",
            "about 75 min",
            $"the {rounds:N0} training rounds of a {results.StepsPerRun:N0}-step run take {string.Join("; ", ks.Where(k => k is 3 or 5).Select(For))} (medians x rounds)",
            null);
        int top = ks.Max();
        double ratio = MedianOf(timings, "parallel", top) / MedianOf(timings, "serial", top);
        yield return new Claim(
            "Training the DNNs in parallel brings the training time down significantly",
            "parallel much faster than serial",
            $"K = {top}: parallel takes {ratio:0.00}x the serial time on {results.Cores} cores",
            ratio < 0.8);
    }

    private sealed record TimingInput(float[] Sizes, float[] Labels, int Rows, Workload Workload);
}
