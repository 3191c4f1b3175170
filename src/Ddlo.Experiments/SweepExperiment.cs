using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Systems;
using Ddlo.Hosting.Results;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>
/// A sweep of any settings: the sweep's key and values (numbers, words or lists), crossed with the keys of
/// <c>grid { key = [values], ... }</c> (or, with <c>combine = zip</c>, taken together value by value), over seeds and
/// policies. Every policy sees the same workloads for a given seed; local-only, edge-only and the optimum come from the
/// learner's own runs. It judges no claim: it reports what it measured.
/// </summary>
public sealed class SweepExperiment : Experiment<SweepResults>
{
    public override string Kind => "sweep";

    public override IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool> { ["grid"] = true, ["combine"] = false };

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        bool zip = options.Text("combine", "grid") switch
        {
            "grid" => false,
            "zip" => true,
            var other => throw options.Error("combine", $"expected grid (every combination) or zip (the lists taken together), got '{other}'"),
        };
        var grid = SweepGrid.Read(options, plan);
        if (zip && grid.IsEmpty)
        {
            throw options.Error("combine", "combine = zip takes the grid's lists together with sweep.values, but there is no grid { key = [values] }");
        }

        if (zip && grid.Any(g => g.Values.Length != plan.Values.Length))
        {
            var (key, values) = grid.First(g => g.Values.Length != plan.Values.Length);
            throw options.Error("grid." + key, $"combine = zip takes the lists together: {plan.Values.Length} values like sweep.values, got {values.Length}");
        }

        return plan with { Designs = SweepGrid.Points(grid, zip), ZipDesigns = zip, GridKeys = [.. grid.Select(g => g.Key)] };
    }

    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int runs = (plan.Policies.Any(PolicyRuns.FromLearnerRun.Contains) ? 1 : 0) + OwnRuns(plan).Count();
        return Combinations(plan).Count() * plan.Repetitions * runs;
    }

    public override async Task<SweepResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var jobs = new List<Func<Task<IReadOnlyList<SweepResults.Row>>>>();
        foreach (var (value, point) in Combinations(plan))
        {
            foreach (int repetition in Enumerable.Range(1, plan.Repetitions))
            {
                if (plan.Policies.Any(PolicyRuns.FromLearnerRun.Contains))
                {
                    jobs.Add(() => Measure(plan, value, point, repetition, "ddlo", cancellationToken));
                }

                jobs.AddRange(OwnRuns(plan).Select(policy => (Func<Task<IReadOnlyList<SweepResults.Row>>>)(() => Measure(plan, value, point, repetition, policy, cancellationToken))));
            }
        }

        var rows = (await ParallelRuns.RunAsync(jobs, plan.Simulations.Parallelism, runDone, cancellationToken).ConfigureAwait(false))
            .SelectMany(r => r)
            .Where(r => plan.Policies.Contains(r.Policy));
        var words = Scenario.Load(plan.BaseScenario, plan.Overrides).Settings.System.Definition.Words;
        return new SweepResults([plan.SweepKey, .. plan.GridKeys], [.. rows], words);
    }

    /// <summary>A sweep reports what it measured: no published claim or target applies to a user's own sweep.</summary>
    public override IEnumerable<Claim> Claims(ExperimentPlan plan, SweepResults results) => [];

    public override ExperimentOutput Write(ExperimentPlan plan, SweepResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            [.. results.Keys, "repetition", "seed", "policy", "mean_value", "gain_ratio", "optimum"],
            results.Rows.Select(r => (object?[])[.. r.Values, r.Repetition, r.Repetition, plan.NameOf(r.Policy), r.MeanValue, r.GainRatio, r.Optimum]));

        string optimum = results.Rows.FirstOrDefault()?.Optimum ?? "exhaustive";
        string Name(string policy) => PolicyLabels.Of(plan.NameOf(policy), results.Words.Learner, optimum);
        var panels = Panels(plan, results);
        string figure = Path.Combine(directory, plan.Name + ".png");
        string gainFigure = Path.Combine(directory, plan.Name + "-gain.png");
        string band = plan.Repetitions > 1 ? $"; band: 95 % CI over {plan.Repetitions} seeds" : string.Empty;
        // A panel is narrow: its axis names the key; what a point and a band are, a one-panel figure says, and the report.
        string axis = panels.Count > 1 ? plan.SweepKey["ddlo.".Length..] : $"{plan.SweepKey["ddlo.".Length..]} (points: mean of the last 20 % of slots{band})";
        ExperimentPlots.Panels(figure, plan.Figures, plan.Title, axis, results.Words.ValueAxis, plan.Values,
            [.. panels.Select(p => (p.Title, (IReadOnlyList<Series>)[.. p.Series(r => r.MeanValue / results.Words.DisplayDivisor, Name)]))]);
        ExperimentPlots.Panels(gainFigure, plan.Figures, "Gain ratio against the optimum", axis, "gain ratio (1 is optimal)", plan.Values,
            [.. panels.Select(p => (p.Title, (IReadOnlyList<Series>)[.. p.Series(r => r.GainRatio, Name)]))]);
        return new ExperimentOutput(csv, figure, Table(plan, results, Name)) { MoreFiles = [gainFigure] };
    }

    private static IEnumerable<string> OwnRuns(ExperimentPlan plan) => plan.Policies.Where(p => !PolicyRuns.FromLearnerRun.Contains(p));

    /// <summary>Each run's sweep value and grid point: every pair, or (zipped) the i-th value with the i-th point.</summary>
    private static IEnumerable<(string Value, Design Point)> Combinations(ExperimentPlan plan)
    {
        var points = plan.Designs.IsEmpty ? [new Design(string.Empty, [])] : plan.Designs;
        return plan.ZipDesigns
            ? plan.Values.Zip(points)
            : from value in plan.Values from point in points select (value, point);
    }

    private static async Task<IReadOnlyList<SweepResults.Row>> Measure(ExperimentPlan plan, string value, Design point, int repetition, string policy, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides(value, repetition, [.. point.Overrides, RunSettings.PolicyOverride(policy)]));
        var measured = await PolicyRuns.MeasureAsync(plan.Simulations, scenario, policy, cancellationToken).ConfigureAwait(false);
        ImmutableArray<string> values = [value, .. SweepGrid.ValuesOf(point)];
        return [.. measured.Select(m => new SweepResults.Row(values, repetition, m.Policy, m.MeanValue, m.GainRatio, m.Optimum))];
    }

    /// <summary>One panel per grid point: the runs whose grid values are that point's.</summary>
    private static List<Panel> Panels(ExperimentPlan plan, SweepResults results)
    {
        var points = plan.ZipDesigns || plan.Designs.IsEmpty ? [new Design(string.Empty, [])] : plan.Designs;
        return [.. points.Select(point => new Panel(
            point.Name,
            plan,
            [.. results.Rows.Where(r => plan.ZipDesigns || r.Values.Skip(1).SequenceEqual(SweepGrid.ValuesOf(point)))]))];
    }

    private static string Table(ExperimentPlan plan, SweepResults results, Func<string, string> name)
    {
        var text = new StringBuilder();
        var heading = results.Keys.Select(k => k["ddlo.".Length..]);
        text.AppendLine(CultureInfo.InvariantCulture, $"{results.Words.MeanHeading} over the last 20 % of each run, then the gain ratio against the optimum (1 is optimal):");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", heading)} | {string.Join(" | ", plan.Policies.Select(p => $"{name(p)}: value | {name(p)}: gain ratio"))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{string.Concat(Enumerable.Repeat(" --- |", results.Keys.Length + (2 * plan.Policies.Length)))}");
        foreach (var group in results.Rows.GroupBy(r => string.Join("\u0001", r.Values)))
        {
            var values = group.First().Values;
            var cells = plan.Policies.Select(p =>
            {
                var runs = group.Where(r => r.Policy == p).ToList();
                return runs.Count == 0
                    ? "— | —"
                    : $"{SeedStatistics.MeanAndSpread(runs.Select(r => r.MeanValue / results.Words.DisplayDivisor), "0.00")} | {SeedStatistics.MeanAndSpread(runs.Select(r => r.GainRatio), "0.0000")}";
            });
            text.AppendLine(CultureInfo.InvariantCulture, $"| {string.Join(" | ", values)} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }

    /// <summary>One panel's runs, drawn as one line per policy over the sweep's values.</summary>
    private sealed record Panel(string Title, ExperimentPlan Plan, IReadOnlyList<SweepResults.Row> Rows)
    {
        public IEnumerable<Series> Series(Func<SweepResults.Row, double> of, Func<string, string> name)
        {
            double[] x = [.. Enumerable.Range(0, Plan.Values.Length).Select(i => (double)i)];
            for (int p = 0; p < Plan.Policies.Length; p++)
            {
                string policy = Plan.Policies[p];
                var cells = Plan.Values.Select(v => Rows.Where(r => r.Policy == policy && r.Values[0] == v).Select(of).ToList()).ToList();
                if (cells.Any(c => c.Count == 0))
                {
                    continue;
                }

                var intervals = cells.Select(SeedStatistics.ConfidenceInterval).ToList();
                double[] mean = [.. intervals.Select(i => i.Mean)];
                double[] low = [.. intervals.Select(i => double.IsNaN(i.Low) ? i.Mean : i.Low)];
                double[] high = [.. intervals.Select(i => double.IsNaN(i.High) ? i.Mean : i.High)];
                yield return new Series(name(policy), x, mean, low, high) { Colour = p };
            }
        }
    }
}
