using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Ddlo.Hosting.Results;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>
/// Fig. 9–11: the rolling gain ratio Q*/Q over the learning steps, one curve per swept value (mean and band over
/// the seeds). Runs are independent simulations, run side by side on the cores.
/// </summary>
public sealed class ConvergenceExperiment : Experiment<ConvergenceResults>
{
    public override string Kind => "convergence";

    public override ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        return plan.Policies is ["ddlo"] ? plan : throw options.Error("policies", "a convergence experiment follows the learning policy only: policies = [ddlo]");
    }


    /// <summary>The gain ratio the paper calls converged.</summary>
    public const double Converged = 0.98;

    private const int ClaimStep = 1000;

    public override int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Values.Length * plan.Repetitions;
    }

    public override async Task<ConvergenceResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var jobs = (from value in plan.Values
                    from repetition in Enumerable.Range(1, plan.Repetitions)
                    select (Func<Task<ConvergenceResults.Run>>)(() => RunOne(plan, value, repetition, cancellationToken))).ToList();
        var runs = await ParallelRuns.RunAsync(jobs, plan.Simulations.Parallelism, runDone, cancellationToken).ConfigureAwait(false);
        return new ConvergenceResults([.. runs]);
    }

    public override ExperimentOutput Write(ExperimentPlan plan, ConvergenceResults results, string directory)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var byValue = results.ByValue(plan.Values);
        string csv = Path.Combine(directory, plan.Name + ".csv");
        WriteCsv(csv, results.Runs, plan.Steps);
        string figure = Path.Combine(directory, plan.Name + ".png");
        string label = plan.SweepLabel;
        ExperimentPlots.Lines(
            figure, plan.Figures,
            plan.Title,
            "learning step (slot)",
            "gain ratio Q* / Q (rolling mean)",
            [.. byValue.Select(v =>
            {
                var (mean, low, high) = SeedStatistics.Band([.. v.Runs.Select(r => r.Curve)]);
                double[] x = [.. Enumerable.Range(1, mean.Length).Select(i => (double)i)];
                return new Series($"{label} = {v.Value}", x, mean, low, high);
            })]);

        return new ExperimentOutput(csv, figure, Table(byValue, label));
    }

    private static async Task<ConvergenceResults.Run> RunOne(ExperimentPlan plan, string value, int repetition, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides(value, repetition));
        var record = await plan.Simulations.RunAsync(scenario, cancellationToken).ConfigureAwait(false);
        double[] gains = [.. record.Steps.Select(s => s.GainRatio)];
        if (gains.Any(double.IsNaN))
        {
            throw new ScenarioException($"{plan.Name}: a convergence experiment needs every step scored; ddlo.run.score-against-optimum must not be off.");
        }

        int window = scenario.Settings.Run.RollingWindow;
        return new ConvergenceResults.Run(value, repetition, Rolling.Mean(gains, window), TailMean(gains), window);
    }

    /// <summary>The mean gain ratio over the last 20 % of the steps, as every run summary defines it.</summary>
    internal static double TailMean(IReadOnlyList<double> gains) => gains.Skip(RunSummary.TailStart(gains.Count)).Mean();

    private static void WriteCsv(string path, IEnumerable<ConvergenceResults.Run> runs, long steps)
    {
        // Every step of a long run would make the file large and say nothing more: one row per stride steps.
        int stride = (int)Math.Max(1, steps / 1000);
        CsvFile.Write(
            path,
            ["value", "repetition", "seed", "step", "rolling_gain_ratio", "final_gain_ratio"],
            runs.SelectMany(run => Enumerable.Range(0, run.Curve.Length / stride)
                .Select(n => (n + 1) * stride - 1)
                .Select(i => new object?[] { run.Value, run.Repetition, run.Repetition, i + 1, run.Curve[i], run.Final })));
    }

    private static string Table(IEnumerable<ConvergenceResults.ValueRuns> values, string label)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"| {label} | final gain ratio (last 20 %) | gain ratio at step {ClaimStep:N0} | first step where the mean reaches {Converged} |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var v in values)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {v.Value} | {SeedStatistics.MeanAndSpread(v.Runs.Select(r => r.Final), "0.0000")} | {Describe(v.At(ClaimStep))} | {Describe(v.Reach)} |");
        }

        return text.ToString();
    }

    public override IEnumerable<Claim> Claims(ExperimentPlan plan, ConvergenceResults results)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        var values = results.ByValue(plan.Values);
        ConvergenceResults.ValueRuns? Find(string value) => values.FirstOrDefault(v => double.Parse(v.Value, CultureInfo.InvariantCulture) == double.Parse(value, CultureInfo.InvariantCulture));
        List<ConvergenceResults.ValueRuns> Sorted() => [.. values.OrderBy(v => double.Parse(v.Value, CultureInfo.InvariantCulture))];
        string Reaches(IEnumerable<ConvergenceResults.ValueRuns> vs) => string.Join(", ", vs.Select(v => $"{v.Value}: {Describe(v.Reach)}"));
        string Finals(IEnumerable<ConvergenceResults.ValueRuns> vs) => string.Join(", ", vs.Select(v => $"{v.Value}: {v.Final:0.0000}"));

        switch (plan.SweepKey)
        {
            case "ddlo.learning.dnn-count":
            {
                var five = Find("5");
                yield return new Claim(
                    "With 5 DNNs the gain ratio reaches 0.98 within 1,000 learning steps",
                    "0.98 by step 1,000",
                    five is null ? "K = 5 not in the sweep" : $"K = 5: {Describe(five.At(ClaimStep))} at step 1,000; first step at 0.98: {Describe(five.Reach)}",
                    five?.At(ClaimStep) is { } at ? at >= Converged : null);
                var one = Find("1");
                yield return new Claim(
                    "1 DNN does not converge",
                    "K = 1 never converges",
                    one is null ? "K = 1 not in the sweep" : $"K = 1: final gain ratio {one.Final:0.0000}",
                    one is null ? null : one.Final < Converged);
                var learning = Sorted().Where(v => double.Parse(v.Value, CultureInfo.InvariantCulture) >= 2).ToList();
                yield return new Claim(
                    "More DNNs converge faster",
                    "steps to converge fall as K grows",
                    $"first step at {Converged}: {Reaches(learning)}",
                    Ordered(learning));
                break;
            }

            case "ddlo.learning.learning-rate":
            {
                var sorted = Sorted();
                yield return new Claim(
                    "A higher learning rate converges faster",
                    "steps to converge fall as the learning rate grows (among the rates that converge)",
                    $"first step at {Converged}: {Reaches(sorted)}",
                    Ordered(sorted, convergedOnly: true));
                double best = sorted.Max(v => v.Final);
                yield return new Claim(
                    "A higher learning rate may stall at a local optimum",
                    "the highest rate ends below the best",
                    $"final gain ratio: {Finals(sorted)}",
                    sorted.Count < 2 ? null : sorted[^1].Final < best - 0.001);
                break;
            }

            case "ddlo.learning.memory-size":
            {
                var sorted = Sorted();
                yield return new Claim(
                    "A smaller memory converges faster",
                    "steps to converge grow with the memory size (among the sizes that converge)",
                    $"first step at {Converged}: {Reaches(sorted)}",
                    Ordered([.. sorted.AsEnumerable().Reverse()], convergedOnly: true));
                double best = sorted.Max(v => v.Final);
                yield return new Claim(
                    "A smaller memory may stall at a local optimum",
                    "the smallest memory ends below the best",
                    $"final gain ratio: {Finals(sorted)}",
                    sorted.Count < 2 ? null : sorted[0].Final < best - 0.001);
                var chosen = Find("1024");
                yield return new Claim(
                    "1024 entries is a good trade-off",
                    "memory size 1024 chosen",
                    chosen is null ? "1024 not in the sweep" : $"1024: final {chosen.Final:0.0000} against the best {best:0.0000}, converged at step {Describe(chosen.Reach)}",
                    chosen is null ? null : chosen.Final >= best - 0.005);
                break;
            }
        }
    }

    /// <summary>
    /// Whether the steps to converge do not grow along <paramref name="values"/>; null when fewer than two values
    /// converge, which shows no order. A value that never converges counts as infinitely slow, or, with
    /// <paramref name="convergedOnly"/>, is left out (it has stalled, which a claim of its own covers).
    /// </summary>
    private static bool? Ordered(IReadOnlyList<ConvergenceResults.ValueRuns> values, bool convergedOnly = false)
    {
        if (values.Count(v => v.Reach is not null) < 2)
        {
            return null;
        }

        var steps = values.Where(v => !convergedOnly || v.Reach is not null).Select(v => v.Reach ?? long.MaxValue).ToList();
        return steps.Zip(steps.Skip(1)).All(pair => pair.Second <= pair.First);
    }

    private static string Describe(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static string Describe(long? step) => step is { } s ? s.ToString("N0", CultureInfo.InvariantCulture) : "not within the run";
}
