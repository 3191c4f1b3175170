using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Management;
using Ddlo.Hosting.Sessions;
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
internal sealed class EnergyExperiment : IExperiment
{
    public string Kind => "energy";

    public IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool>();

    public ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options) => plan;


    private static readonly string[] FromDdloRun = ["ddlo", "local", "edge", "exhaustive"];

    public int RunCount(ExperimentPlan plan) => plan.Values.Length * plan.Repetitions * (1 + OwnRuns(plan).Count());

    private static IEnumerable<string> OwnRuns(ExperimentPlan plan) => plan.Policies.Where(p => !FromDdloRun.Contains(p));

    public async Task<ExperimentResult> RunAsync(ExperimentPlan plan, string directory, Action runDone, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var jobs = new List<Func<Task<IReadOnlyList<Cost>>>>();
        foreach (string value in plan.Values)
        {
            foreach (int repetition in Enumerable.Range(1, plan.Repetitions))
            {
                jobs.Add(() => Costs(plan, value, repetition, "ddlo", cancellationToken));
                jobs.AddRange(OwnRuns(plan).Select(policy => (Func<Task<IReadOnlyList<Cost>>>)(() => Costs(plan, value, repetition, policy, cancellationToken))));
            }
        }

        var costs = (await ParallelRuns.RunAsync(jobs, ParallelRuns.DefaultParallelism, runDone, cancellationToken).ConfigureAwait(false))
            .SelectMany(c => c)
            .Where(c => plan.Policies.Contains(c.Policy))
            .ToList();

        string csv = Path.Combine(directory, plan.Name + ".csv");
        CsvFile.Write(
            csv,
            ["value", "repetition", "seed", "policy", "mean_q_j", "gain_ratio"],
            costs.Select(c => new object?[] { c.Value, c.Repetition, c.Repetition, c.Policy, c.MeanQ, c.GainRatio }));

        string label = plan.SweepLabel;
        // The optimum is the DDLO runs' Q*: exhaustive while N*M <= 16, the certified dual beyond (auto scoring).
        string optimum = costs.FirstOrDefault(c => c.Policy == "exhaustive")?.Source ?? "exhaustive";
        string Name(string policy) => SeriesName(policy, optimum);
        double[] xs = [.. plan.Values.Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        var series = plan.Policies.Select(policy =>
        {
            var curves = Enumerable.Range(1, plan.Repetitions)
                .Select(r => plan.Values.Select(v => costs.Single(c => c.Policy == policy && c.Value == v && c.Repetition == r).MeanQ).ToArray())
                .ToList();
            var (mean, low, high) = SeedStatistics.Band(curves);
            return new Series(Name(policy), xs, mean, low, high);
        }).ToList();
        string figure = Path.Combine(directory, plan.Name + ".png");
        ExperimentPlots.Lines(figure, plan.Title, $"{label} ({Unit(plan.SweepKey)})", "energy cost Q per slot (J)", series, markers: true);

        return new ExperimentResult(plan, csv, figure, Table(plan, costs, label, Name), [.. Claims(plan, series, costs, label, Name("exhaustive"))], clock.Elapsed);
    }

    private static async Task<IReadOnlyList<Cost>> Costs(ExperimentPlan plan, string value, int repetition, string policy, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides(value, repetition, $"ddlo.run.policy={policy}"));
        var record = await SimulationRunner.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
        var tail = record.Steps.Skip(RunSummary.TailStart(record.Steps.Length)).ToList();
        Cost Of(string name, Func<StepRecord, double> q) =>
            new(value, repetition, name, tail.Select(q).Mean(), tail.Select(s => s.Objective.GainRatio(q(s), s.OptimalQ)).Mean(), record.OptimumSource);
        return policy == "ddlo"
            ? [Of("ddlo", s => s.Q), Of("local", s => s.LocalQ), Of("edge", s => s.EdgeQ), Of("exhaustive", s => s.OptimalQ)]
            : [Of(policy, s => s.Q)];
    }

    private static string Table(ExperimentPlan plan, List<Cost> costs, string label, Func<string, string> Name)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {string.Join(" | ", plan.Policies.Select(p => Name(p) + ", Q (J)"))} | DDLO gain ratio Q*/Q |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| --- |{string.Concat(plan.Policies.Select(_ => " --- |"))} --- |");
        foreach (string value in plan.Values)
        {
            var row = plan.Policies.Select(p => SeedStatistics.MeanAndSpread(costs.Where(c => c.Value == value && c.Policy == p).Select(c => c.MeanQ), "0.00"));
            string gain = plan.Policies.Contains("ddlo") ? SeedStatistics.MeanAndSpread(costs.Where(c => c.Value == value && c.Policy == "ddlo").Select(c => c.GainRatio), "0.0000") : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {value} | {string.Join(" | ", row)} | {gain} |");
        }

        return text.ToString();
    }

    private static IEnumerable<Claim> Claims(ExperimentPlan plan, List<Series> series, List<Cost> costs, string label, string optimum)
    {
        var ordered = series.Select(s => s with { Mean = [.. s.X.Zip(s.Mean).OrderBy(p => p.First).Select(p => p.Second)] }).ToList();
        var falling = ordered.Where(s => s.Mean.Zip(s.Mean.Skip(1)).Any(p => p.Second < p.First)).Select(s => s.Name).ToList();
        yield return new Claim(
            $"As {label} increases, the energy cost of every scheme increases",
            "cost rises with the weight for all schemes",
            falling.Count == 0 ? "every scheme's mean Q rises (or stays) with each step of the sweep" : $"falls somewhere for: {string.Join(", ", falling)}",
            falling.Count == 0);

        if (plan.Policies.Contains("ddlo"))
        {
            var worst = plan.Values
                .Select(v => (Value: v, Gain: costs.Where(c => c.Value == v && c.Policy == "ddlo").Select(c => c.GainRatio).Mean()))
                .MinBy(x => x.Gain);
            yield return new Claim(
                $"DDLO stays close to the {optimum} optimum for every {label}",
                "DDLO's cost close to greedy's at every value",
                $"worst DDLO gain ratio Q*/Q over the sweep: {worst.Gain:0.0000} (at {label} = {worst.Value}); 'close' taken as >= {ConvergenceExperiment.Converged}",
                worst.Gain >= ConvergenceExperiment.Converged);
        }
    }

    /// <summary>A series' name in tables and plots; the optimum is named by where it came from.</summary>
    internal static string SeriesName(string policy, string optimumSource) => PolicyLabels.Of(policy, optimumSource: optimumSource);

    private static string Unit(string key) => key switch
    {
        "ddlo.system.alpha" => "J/bit",
        "ddlo.system.beta" => "J/s",
        _ => "as configured",
    };

    private sealed record Cost(string Value, int Repetition, string Policy, double MeanQ, double GainRatio, string Source);
}
