using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Actors.Systems.Lydroo;
using Ddlo.Hosting.Results;

namespace Ddlo.Experiments;

/// <summary>
/// LyDROO on the same actors: its queues over time (the authors' figures: average data queue and average energy per
/// frame against frames, with the budget) for the learner and the baselines, beside the authors' own Python run on this
/// machine; the [O(1/V), O(V)] trade-off as V is swept; and the arrival rate swept up to where the queues stop being
/// bounded.
/// </summary>
public sealed class LydrooExperiment : Experiment<LydrooResults>
{
    /// <summary>A run's data queue is bounded when the mean of its last 20 % of frames is at most this much above the mean of frames 60-80 %.</summary>
    public const double BoundedGrowth = 1.2;

    /// <summary>The rolling window of the figures over frames (the authors plot 100).</summary>
    private const int Window = 100;

    public override string Kind => "lydroo";

    public override IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool> { ["arrival-rates"] = true, ["upstream"] = false };

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var rates = options.Strings("arrival-rates");
        string? upstream = options.PathOf("upstream");
        if (plan.SweepKey != "ddlo.lydroo.v" || rates.IsEmpty)
        {
            throw options.Error(rates.IsEmpty ? "arrival-rates" : "sweep.key",
                "a lydroo experiment sweeps V (sweep.key = ddlo.lydroo.v) and the mean arrival per frame (arrival-rates = [2, 3, 4, ...] Mbit)");
        }

        if (upstream is not null && !Directory.Exists(upstream))
        {
            throw options.Error("upstream", $"folder not found: {upstream}");
        }

        foreach (string rate in rates)
        {
            try
            {
                Scenario.Load(plan.BaseScenario, [.. plan.Overrides, $"ddlo.arrivals.mean-mbit={rate}"]);
            }
            catch (ScenarioException e)
            {
                throw ScenarioException.For(options.Path, null, $"arrival-rates = {rate}: {e.Message}");
            }
        }

        return plan with { ArrivalRates = rates, Upstream = upstream };
    }


    /// <summary>The policies V and the arrival rate are swept for: the learner, and the critic's own search (the trade-off itself, without a learner's noise).</summary>
    private static readonly string[] SweptPolicies = ["ddlo", "coordinate-descent"];

    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return (plan.Policies.Length * plan.Repetitions) + 1 + (SweptPolicies.Length * (plan.Values.Length + plan.ArrivalRates.Length));
    }

    public override async Task<LydrooResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var baseSettings = Scenario.Load(plan.BaseScenario, plan.Overrides).Settings;
        var lydroo = baseSettings.System.Settings<LydrooSettings>();
        string baseV = lydroo.System.V.ToString("R", CultureInfo.InvariantCulture);
        double budget = lydroo.System.EnergyBudget;

        var compared = await ParallelRuns.RunAsync(
            [.. from policy in plan.Policies
                from seed in Enumerable.Range(1, plan.Repetitions)
                select (Func<Task<LydrooResults.Run>>)(() => Measure(plan, policy, seed, [$"ddlo.lydroo.v={baseV}"], cancellationToken))],
            plan.Simulations.Parallelism,
            runDone,
            cancellationToken).ConfigureAwait(false);

        // Timed alone, unscored, so that neither another run nor the oracle shares the cores with its decisions; and
        // here, even when the experiment's other runs go to a cluster.
        var timed = await Measure(plan with { Simulations = LocalSimulations.Instance }, "ddlo", 1, [$"ddlo.lydroo.v={baseV}", "ddlo.run.score-against-optimum=off"], cancellationToken).ConfigureAwait(false);
        runDone();

        var byV = await ParallelRuns.RunAsync(
            [.. from policy in SweptPolicies
                from v in plan.Values
                select (Func<Task<LydrooResults.Run>>)(() => Measure(plan, policy, 1, [$"ddlo.lydroo.v={v}", "ddlo.run.score-against-optimum=off"], cancellationToken))],
            plan.Simulations.Parallelism, runDone, cancellationToken).ConfigureAwait(false);
        var byRate = await ParallelRuns.RunAsync(
            [.. from policy in SweptPolicies
                from rate in plan.ArrivalRates
                select (Func<Task<LydrooResults.Run>>)(() => Measure(
                    plan, policy, 1, [$"ddlo.lydroo.v={baseV}", $"ddlo.arrivals.mean-mbit={rate}", "ddlo.run.score-against-optimum=off"], cancellationToken))],
            plan.Simulations.Parallelism, runDone, cancellationToken).ConfigureAwait(false);
        var authors = plan.Upstream is { } folder ? LydrooAuthorsRuns.Load(folder, plan.Steps) : null;
        return new LydrooResults([.. compared], timed, [.. byV], [.. byRate], budget) { Authors = authors };
    }

    public override ExperimentOutput Write(ExperimentPlan plan, LydrooResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var (compared, timed, byV, byRate, budget, upstream) = (results.Compared, results.Timed, results.ByV, results.ByRate, results.EnergyBudget, results.Authors);
        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            ["run", "policy", "seed", "v", "arrival_mbit", "frames", "data_queue_tail_mbit", "data_queue_60_80_mbit", "bounded", "energy_queue_tail",
                "energy_last_half_j", "served_tail_mbit", "objective_tail", "gain_ratio_tail", "optimum", "decision_us_p50", "frame_ms"],
            [.. compared.Select(r => Row("compared", r)), Row("timed", timed), .. byV.Select(r => Row("v-sweep", r)), .. byRate.Select(r => Row("arrival-sweep", r)),
                .. upstream?.Runs.Select(r => Row("authors' python", r)) ?? []]);
        string curves = Path.Combine(directory, plan.Name + "-queues.csv");
        WriteCurves(curves, compared, upstream);

        string figure = Path.Combine(directory, plan.Name + ".png");
        // The fixed modes' queues grow without bound, to thousands of Mbit (the table has them): drawn, they would flatten the rest.
        ExperimentPlots.Lines(figure, plan.Figures, "Average data queue per device against frames (the fixed modes grow without bound: see the table)", "time frame", $"data queue (Mbit, rolling mean of {Window})",
            [.. Curves([.. compared.Where(r => r.Policy is not ("local" or "edge"))], upstream, r => r.DataQueue)]);
        string energyFigure = Path.Combine(directory, plan.Name + "-energy.png");
        var energyCurves = Curves(compared, upstream, r => r.Energy).ToList();
        double[] frames = energyCurves[0].X;
        double[] line = [.. frames.Select(_ => budget)];
        energyCurves.Add(new Series($"budget ({budget} J)", frames, line, line, line));
        ExperimentPlots.Lines(energyFigure, plan.Figures, "Average energy per device and frame against frames", "time frame", $"energy (J, rolling mean of {Window})", energyCurves);
        string vFigure = Path.Combine(directory, plan.Name + "-v.png");
        // Mbit and the unitless energy queue on a panel each.
        ExperimentPlots.Rows(vFigure, plan.Figures, "Lyapunov's trade-off: queues against V", "V (points: mean over the last 20 % of frames)",
            [("data queue (Mbit)", SweepSeries(byV, r => r.V, ("data queue", r => r.DataQueueTail))), ("energy queue (unitless)", SweepSeries(byV, r => r.V, ("energy queue", r => r.EnergyQueueTail)))]);
        string rateFigure = Path.Combine(directory, plan.Name + "-arrivals.png");
        SweepFigure(rateFigure, plan.Figures, "Data queue against the arrival rate", "mean arrival per device (Mbit / frame)", "data queue (Mbit, log scale)", byRate, r => r.Arrival, logY: true,
            ("last 20 % of frames", r => r.DataQueueTail), ("frames 60-80 %", r => r.DataQueueBefore));

        return new ExperimentOutput(csv, figure, LydrooTable.Of(plan, compared, timed, byV, byRate, upstream)) { MoreFiles = [energyFigure, vFigure, rateFigure, curves] };
    }

    private static async Task<LydrooResults.Run> Measure(ExperimentPlan plan, string policy, int seed, string[] extra, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(plan.BaseScenario, [.. plan.Overrides, $"ddlo.run.seed={seed}", $"ddlo.run.steps={plan.Steps}", RunSettings.PolicyOverride(policy), .. extra]);
        var record = await plan.Simulations.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
        var summary = RunSummary.From(record);
        var lydroo = scenario.Settings.System.Settings<LydrooSettings>();
        var queues = record.Steps.Select(s => s.Queues!).ToArray();
        return new LydrooResults.Run(
            scenario.Settings.Run.PolicyName,
            seed,
            lydroo.System.V,
            lydroo.Arrivals.MeanMbit,
            [.. queues.Select(q => q.DataQueue)],
            [.. queues.Select(q => q.EnergyQueue)],
            [.. queues.Select(q => q.Energy)],
            [.. queues.Select(q => q.Served)],
            [.. record.Steps.Select(s => s.Q)])
        {
            GainRatio = summary.GainRatio,
            Optimum = summary.OptimumSource,
            DecisionMicroseconds = summary.LatencyMicrosecondsP50,
            FrameMilliseconds = 1e3 / summary.StepsPerSecond,
        };
    }

    private static object?[] Row(string kind, LydrooResults.Run r) =>
    [
        kind, r.Policy, r.Seed, r.V, r.Arrival, r.DataQueue.Length, r.DataQueueTail, r.DataQueueBefore, r.Bounded, r.EnergyQueueTail, r.EnergyLastHalf,
        r.ServedTail, r.ObjectiveTail, r.GainRatio, r.Optimum, r.DecisionMicroseconds, r.FrameMilliseconds,
    ];

    private static void WriteCurves(string path, IEnumerable<LydrooResults.Run> runs, LydrooAuthorsRuns? upstream)
    {
        CsvFile.Write(
            path,
            ["policy", "seed", "frame", "data_queue_mbit", "energy_queue", "energy_j"],
            runs.Concat(upstream?.Runs ?? []).SelectMany(run =>
            {
                double[] q = Rolling.Mean(run.DataQueue, Window);
                double[] y = Rolling.Mean(run.EnergyQueue, Window);
                double[] e = Rolling.Mean(run.Energy, Window);
                // 200 points a run: the rolling means change little from one frame to the next.
                int stride = Math.Max(1, q.Length / 200);
                return Enumerable.Range(0, q.Length).Where(t => (t + 1) % stride == 0).Select(t => new object?[] { run.Policy, run.Seed, t + 1, q[t], y[t], e[t] });
            }));
    }

    private static IEnumerable<Series> Curves(IReadOnlyList<LydrooResults.Run> runs, LydrooAuthorsRuns? upstream, Func<LydrooResults.Run, double[]> of)
    {
        int colour = 0;
        foreach (var group in runs.Concat(upstream?.Runs ?? []).GroupBy(r => r.Policy))
        {
            var curves = group.Select(r => Rolling.Mean(of(r), Window)).ToList();
            var (mean, low, high) = SeedStatistics.Band(curves);
            yield return new Series(Label(group.Key), [.. Enumerable.Range(1, mean.Length).Select(i => (double)i)], mean, low, high) { Colour = colour++ };
        }
    }

    private static Series Point(string name, double[] x, double[] y) => new(name, x, y, y, y);

    /// <summary>One figure of a sweep: for each swept policy, each measure of its runs against the swept value.</summary>
    private static void SweepFigure(
        string path, FigureSettings figures, string title, string xLabel, string yLabel, IReadOnlyList<LydrooResults.Run> runs, Func<LydrooResults.Run, double> swept, bool logY, params (string Name, Func<LydrooResults.Run, double> Value)[] measures) =>
        ExperimentPlots.Lines(path, figures, title, xLabel, yLabel, SweepSeries(runs, swept, measures), markers: true, logY: logY);

    /// <summary>For each swept policy, each measure of its runs against the swept value.</summary>
    private static Series[] SweepSeries(IReadOnlyList<LydrooResults.Run> runs, Func<LydrooResults.Run, double> swept, params (string Name, Func<LydrooResults.Run, double> Value)[] measures) =>
        [.. SweptPolicies.SelectMany(policy =>
        {
            var ofPolicy = runs.Where(r => r.Policy == policy).ToList();
            double[] x = [.. ofPolicy.Select(swept)];
            // A single measure is named by its panel's axis: its legend is the policies', alike in every panel, which keeps them aligned.
            return measures.Select(measure => Point(measures.Length == 1 ? Label(policy) : $"{measure.Name}, {Label(policy)}", x, [.. ofPolicy.Select(measure.Value)]));
        })];

    internal static string Label(string policy) => PolicyLabels.Of(policy, learner: "LyDROO (ours)", searchOver: "critic + ");

    public override IEnumerable<Claim> Claims(ExperimentPlan plan, LydrooResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (compared, timed, byV, byRate, budget, upstream) = (results.Compared, results.Timed, results.ByV, results.ByRate, results.EnergyBudget, results.Authors);
        var ours = compared.Where(r => r.Policy == "ddlo").ToList();
        yield return new Claim(
            "LyDROO keeps the data queues bounded at the authors' settings",
            $"last 20 % within {BoundedGrowth:0.0} x frames 60-80 %, every seed",
            string.Join(", ", ours.Select(r => $"seed {r.Seed}: {r.DataQueueTail / r.DataQueueBefore:0.00}")),
            ours.All(r => r.Bounded)) { IsTarget = true };
        yield return new Claim(
            "LyDROO holds the long-term energy budget",
            $"<= {budget} J a frame over the last half",
            string.Join(", ", ours.Select(r => $"seed {r.Seed}: {r.EnergyLastHalf:0.0000} J")),
            ours.All(r => r.EnergyLastHalf <= budget)) { IsTarget = true };
        if (upstream is not null && upstream.Runs.Count > 0)
        {
            double queue = ours.Average(r => r.DataQueueTail);
            double theirQueue = upstream.Runs.Average(r => r.DataQueueTail);
            double energy = ours.Average(r => r.EnergyLastHalf);
            double theirEnergy = upstream.Runs.Average(r => r.EnergyLastHalf);
            yield return new Claim(
                "Mean data queue and energy within 10 % of the authors' Python over the same frames",
                $"theirs: queue {theirQueue:0.0} Mbit, energy {theirEnergy:0.0000} J",
                $"ours: queue {queue:0.0} Mbit ({(queue / theirQueue) - 1:+0%;-0%}), energy {energy:0.0000} J ({(energy / theirEnergy) - 1:+0.0%;-0.0%})",
                Math.Abs((queue / theirQueue) - 1) <= 0.1 && Math.Abs((energy / theirEnergy) - 1) <= 0.1) { IsTarget = true };
            if (upstream.MillisecondsPerFrame is { } theirs)
            {
                yield return new Claim(
                    "At least 20 x faster per frame than the authors' Python on this machine",
                    $"theirs: {theirs:0.0} ms a frame",
                    $"ours: {timed.FrameMilliseconds:0.000} ms a frame ({theirs / timed.FrameMilliseconds:0}x)",
                    theirs / timed.FrameMilliseconds >= 20) { IsTarget = true };
            }
        }

        foreach (string policy in SweptPolicies)
        {
            var runs = byV.Where(r => r.Policy == policy).ToList();
            if (runs.Count > 1)
            {
                // V weighs the computation rate against the energy queue's drift: a larger V spends more energy, so the
                // virtual energy queue (the constraint's backlog) grows as O(V), and the data queues, served faster, shorten.
                var low = runs.MinBy(r => r.V)!;
                var high = runs.MaxBy(r => r.V)!;
                yield return new Claim(
                    $"{Label(policy)}: the energy queue grows with V (Lyapunov's O(V) backlog) while the data queue shortens",
                    "larger V: longer energy queue, shorter data queue",
                    $"V = {low.V:0.##}: energy queue {low.EnergyQueueTail:0.0}, data queue {low.DataQueueTail:0.0} Mbit; V = {high.V:0.##}: {high.EnergyQueueTail:0.0}, {high.DataQueueTail:0.0} Mbit",
                    high.EnergyQueueTail > low.EnergyQueueTail && high.DataQueueTail < low.DataQueueTail);
            }

            var rates = byRate.Where(r => r.Policy == policy).ToList();
            if (rates.Count > 1)
            {
                var stable = rates.Where(r => r.Bounded).Select(r => r.Arrival).DefaultIfEmpty(double.NaN).Max();
                var unstable = rates.Where(r => !r.Bounded).Select(r => r.Arrival).DefaultIfEmpty(double.NaN).Min();
                yield return new Claim(
                    $"{Label(policy)}: past some arrival rate the queues stop being bounded",
                    "bounded at low rates, growing at high ones",
                    $"bounded up to {stable:0.##} Mbit a frame; growing from {unstable:0.##}",
                    rates.MinBy(r => r.Arrival)!.Bounded && !rates.MaxBy(r => r.Arrival)!.Bounded);
            }
        }
    }
}
