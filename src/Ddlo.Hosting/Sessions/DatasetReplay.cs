using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Data;
using Ddlo.Core.Workloads;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// The published DDLO protocol on a data set with exact optima (<c>evaluate --policy ddlo</c>): the first 80 % of the
/// steps cycle through the first 80 % of the rows, the rest walk the last 20 %, learning online throughout; the test
/// gain ratio is the mean over the test steps.
/// </summary>
public static class DatasetReplay
{
    /// <summary>
    /// Runs <paramref name="scenario"/>'s learner on <paramref name="dataset"/> (named <paramref name="name"/> in the
    /// figures), through <paramref name="run"/> (this node by default; a progress view may wrap it).
    /// </summary>
    public static async Task<DatasetReplayResult> RunAsync(
        Scenario scenario, ReferenceDataset dataset, string name, Func<SimulationSources, Task<RunRecord>>? run = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(dataset);
        if (scenario.Settings.System.Abilities.WhyNotEvaluate is { } why)
        {
            string key = scenario.Settings.System.Abilities.Key;
            throw ScenarioException.For(scenario.SourceOf(key), key, why);
        }

        if (dataset.Rows.Length < 2)
        {
            throw new Core.Data.DatasetFormatException($"{dataset.Source}: learning online splits the rows into training and test, so it needs at least 2 rows, got {dataset.Rows.Length}.");
        }

        if (scenario.Settings.Run.Steps < 2)
        {
            const string key = "ddlo.run.steps";
            throw ScenarioException.For(scenario.SourceOf(key), key, $"learning online on a data set splits the steps into training and test, so it needs at least 2, got {scenario.Settings.Run.Steps}.");
        }

        var schedule = new DatasetSchedule(dataset.Rows.Length, scenario.Settings.Run.Steps);
        var sources = SimulationSources.Replay(dataset, schedule);
        var record = run is null
            ? await SimulationRunner.RunAsync(scenario, sources, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await run(sources).ConfigureAwait(false);
        var test = record.Steps.Where(s => schedule.IsTestStep(s.Slot)).ToList();
        var above = record.Steps.Where(s => s.GainRatio > 1 + DatasetEvaluator.AboveOptimumTolerance(dataset)).ToList();
        var fields = new Dictionary<string, object>
        {
            ["policy"] = RunSettings.LearnedPolicy,
            ["dataset"] = name,
            ["rows"] = dataset.Rows.Length,
            ["train_rows"] = schedule.TrainRows,
            ["test_steps"] = test.Count,
            ["test_mean_gain_ratio"] = test.Average(s => s.GainRatio),
            ["test_min_gain_ratio"] = test.Min(s => s.GainRatio),
            ["steps_above_optimum"] = above.Count,
        };
        string? warning = above.Count == 0 ? null : DatasetEvaluator.AboveOptimumWarning(
            name, above.Select(s => schedule.RowFor(s.Slot)).Distinct().Count(), dataset.Rows[schedule.RowFor(above[0].Slot)].Line);
        return new DatasetReplayResult(record, RunSummary.From(record), schedule, test.Count, (double)fields["test_mean_gain_ratio"], fields, warning);
    }
}
