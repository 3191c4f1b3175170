using System.Globalization;
using System.Text;
using Ddlo.Hosting.Results;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Systems;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>
/// Fig. 12 and 13: the mean energy cost Q of each policy per swept value (alpha or beta), after learning. One DDLO
/// run per value and seed gives DDLO, local-only, edge-only and the exhaustive ("greedy") optimum on the same
/// workloads; any other baseline (dual, random) runs through the same pipeline with the same seed.
/// </summary>
public sealed class EnergyExperiment : Experiment<EnergyResults>
{
    public override string Kind => "energy";

    /// <summary>The keys the paper sweeps in its energy figures (Fig. 12: alpha, Fig. 13: beta).</summary>
    private static readonly string[] PaperKeys = ["ddlo.system.alpha", "ddlo.system.beta"];

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        // Its figure draws the cost against the swept value: a word or a list has no place on that axis.
        return plan.Values.FirstOrDefault(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x)) is { } word
            ? throw options.Error("sweep.values", $"an energy experiment sweeps a number, got '{word}'; to sweep any other value (words, lists) use kind = sweep")
            : plan;
    }

    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Values.Length * plan.Repetitions * (1 + OwnRuns(plan).Count());
    }

    private static IEnumerable<string> OwnRuns(ExperimentPlan plan) => PolicyRuns.OwnRuns(plan);

    public override async Task<EnergyResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var jobs = new List<Func<Task<IReadOnlyList<EnergyResults.Cost>>>>();
        foreach (string value in plan.Values)
        {
            foreach (int repetition in Enumerable.Range(1, plan.Repetitions))
            {
                jobs.Add(() => Costs(plan, value, repetition, "ddlo", cancellationToken));
                jobs.AddRange(OwnRuns(plan).Select(policy => (Func<Task<IReadOnlyList<EnergyResults.Cost>>>)(() => Costs(plan, value, repetition, policy, cancellationToken))));
            }
        }

        var costs = (await ParallelRuns.RunAsync(jobs, plan.Simulations.Parallelism, runDone, cancellationToken).ConfigureAwait(false))
            .SelectMany(c => c)
            .Where(c => plan.Policies.Contains(c.Policy));
        return new EnergyResults([.. costs]);
    }

    public override ExperimentOutput Write(ExperimentPlan plan, EnergyResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            ["value", "repetition", "seed", "policy", "mean_q_j", "gain_ratio"],
            results.Costs.Select(c => new object?[] { c.Value, c.Repetition, c.Repetition, plan.NameOf(c.Policy), c.MeanQ, c.GainRatio }));

        string label = plan.SweepLabel;
        string Name(string policy) => SeriesName(plan.NameOf(policy), results.OptimumSource);
        string figure = Path.Combine(directory, plan.Name + ".png");
        var words = Scenario.Load(plan.BaseScenario, plan.Overrides).Settings.System.Definition.Words;
        string xLabel = $"{label} ({Unit(plan.SweepKey)})";
        string valueLabel = $"{words.ValueAxis}, mean of the last 20 % of slots";
        if (results.Costs.Any(c => double.IsNaN(c.GainRatio)))
        {
            ExperimentPlots.Lines(figure, plan.Figures, plan.Title, xLabel, valueLabel, Series(plan, results, c => c.MeanQ), markers: true);
        }
        else
        {
            // Local-only's cost sits far above the rest: the gain panel shows the gap between the learner and the optimum.
            ExperimentPlots.LinesWithGain(figure, plan.Figures, plan.Title, $"{xLabel}; each point the mean of the last 20 % of slots",
                (words.ValueAxis, Series(plan, results, c => c.MeanQ)), ("gain ratio Q* / Q (1 is optimal)", Series(plan, results, c => c.GainRatio)));
        }

        return new ExperimentOutput(csv, figure, Table(plan, results.Costs, label, Name, words));
    }

    public override IEnumerable<Claim> Claims(ExperimentPlan plan, EnergyResults results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        // The paper's Fig. 12 and 13 claim these of alpha and beta only: a sweep of any other key reports what it measured.
        if (!PaperKeys.Contains(plan.SweepKey))
        {
            yield break;
        }

        string label = plan.SweepLabel;
        var ordered = Series(plan, results, c => c.MeanQ).Select(s => s with { Mean = [.. s.X.Zip(s.Mean).OrderBy(p => p.First).Select(p => p.Second)] }).ToList();
        var falling = ordered.Where(s => s.Mean.Zip(s.Mean.Skip(1)).Any(p => p.Second < p.First)).Select(s => s.Name).ToList();
        yield return new Claim(
            $"As {label} increases, the energy cost of every scheme increases",
            "cost rises with the weight for all schemes",
            falling.Count == 0 ? "every scheme's mean Q rises (or stays) with each step of the sweep" : $"falls somewhere for: {string.Join(", ", falling)}",
            falling.Count == 0);

        if (plan.Policies.Contains("ddlo"))
        {
            var worst = plan.Values
                .Select(v => (Value: v, Gain: results.Costs.Where(c => c.Value == v && c.Policy == "ddlo").Select(c => c.GainRatio).Mean()))
                .MinBy(x => x.Gain);
            yield return new Claim(
                $"DDLO stays close to the {SeriesName("exhaustive", results.OptimumSource)} optimum for every {label}",
                "DDLO's cost close to greedy's at every value",
                $"worst DDLO gain ratio Q*/Q over the sweep: {worst.Gain:0.0000} (at {label} = {worst.Value}); 'close' taken as >= {ConvergenceExperiment.Converged}",
                worst.Gain >= ConvergenceExperiment.Converged);
        }
    }

    /// <summary>Each policy's <paramref name="measure"/> (mean Q, gain ratio) per swept value, with the band over the seeds.</summary>
    private static List<Series> Series(ExperimentPlan plan, EnergyResults results, Func<EnergyResults.Cost, double> measure)
    {
        double[] xs = [.. plan.Values.Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        return [.. plan.Policies.Select(policy =>
        {
            var curves = Enumerable.Range(1, plan.Repetitions)
                .Select(r => plan.Values.Select(v => results.Costs.Single(c => c.Policy == policy && c.Value == v && c.Repetition == r)).Select(measure).ToArray())
                .ToList();
            var (mean, low, high) = SeedStatistics.Band(curves);
            return new Series(SeriesName(plan.NameOf(policy), results.OptimumSource), xs, mean, low, high);
        })];
    }

    private static async Task<IReadOnlyList<EnergyResults.Cost>> Costs(ExperimentPlan plan, string value, int repetition, string policy, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides(value, repetition, RunSettings.PolicyOverride(policy)));
        var measured = await PolicyRuns.MeasureAsync(plan.Simulations, scenario, policy, cancellationToken).ConfigureAwait(false);
        return [.. measured.Select(m => new EnergyResults.Cost(value, repetition, m.Policy, m.MeanValue, m.GainRatio, m.Optimum))];
    }

    private static string Table(ExperimentPlan plan, IReadOnlyList<EnergyResults.Cost> costs, string label, Func<string, string> Name, Ddlo.Actors.Systems.SystemWords words)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {string.Join(" | ", plan.Policies.Select(p => $"{Name(p)}, {words.MeanHeading}"))} | {words.Learner} gain ratio (1 is optimal) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| --- |{string.Concat(plan.Policies.Select(_ => " --- |"))} --- |");
        foreach (string value in plan.Values)
        {
            var row = plan.Policies.Select(p => SeedStatistics.MeanAndSpread(costs.Where(c => c.Value == value && c.Policy == p).Select(c => c.MeanQ / words.DisplayDivisor), "0.00"));
            string gain = plan.Policies.Contains("ddlo") ? SeedStatistics.MeanAndSpread(costs.Where(c => c.Value == value && c.Policy == "ddlo").Select(c => c.GainRatio), "0.0000") : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {value} | {string.Join(" | ", row)} | {gain} |");
        }

        return text.ToString();
    }

    /// <summary>A series' name in tables and plots; the optimum is named by where it came from.</summary>
    internal static string SeriesName(string policy, string optimumSource) => PolicyLabels.Of(policy, optimumSource: optimumSource);

    private static string Unit(string key) => key switch
    {
        "ddlo.system.alpha" => "J/bit",
        "ddlo.system.beta" => "J/s",
        _ => "as configured",
    };
}
