namespace Ddlo.Experiments;

/// <summary>
/// Runs an experiment file's plans one after another, each into its own folder (a suite's) or the output folder (a
/// single experiment's), and writes each plan's report.md and, for a suite, the suite's report.
/// </summary>
/// <param name="registry">The kinds of experiment it knows (default: the built-in ones).</param>
/// <param name="simulations">Where the runs' simulations go (default: this process's cores); a cluster's farm spreads them over its nodes.</param>
public sealed class ExperimentRunner(ExperimentRegistry? registry = null, Ddlo.Actors.Simulation.ISimulationPool? simulations = null)
{
    private readonly ExperimentRegistry registry = registry ?? ExperimentRegistry.Default;
    private readonly Ddlo.Actors.Simulation.ISimulationPool simulations = simulations ?? Ddlo.Actors.Simulation.LocalSimulations.Instance;

    /// <summary>How many runs <paramref name="plan"/> makes.</summary>
    public int RunCount(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return registry.For(plan.Kind).RunCount(plan);
    }

    /// <summary>
    /// Runs every plan of <paramref name="suite"/> into <paramref name="output"/>; <paramref name="progressFor"/> gives,
    /// when a plan starts, what to call after each of its runs; <paramref name="command"/> is how the suite's report
    /// says it was made.
    /// </summary>
    public async Task<IReadOnlyList<ExperimentResult>> RunAsync(
        ExperimentSuite suite, string output, string command, Func<ExperimentPlan, Action>? progressFor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var results = new List<ExperimentResult>();
        foreach (var plan in suite.Plans)
        {
            string directory = DirectoryOf(suite, plan, output);
            Directory.CreateDirectory(directory);
            var result = await registry.For(plan.Kind).RunAsync(plan with { Simulations = simulations }, directory, progressFor?.Invoke(plan) ?? (() => { }), cancellationToken).ConfigureAwait(false);
            ExperimentReport.Write(directory, result);
            results.Add(result);
        }

        if (suite.IsSuite)
        {
            ExperimentReport.WriteSuite(output, suite.Title, results, command);
        }

        return results;
    }

    /// <summary>
    /// The plans of <paramref name="suite"/> whose report.md is in <paramref name="output"/>: what a stopped run of
    /// the suite finished. An experiment cannot resume; the others must be run again.
    /// </summary>
    public static IReadOnlyList<ExperimentPlan> Finished(ExperimentSuite suite, string output)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return [.. suite.Plans.Where(plan => File.Exists(Path.Combine(DirectoryOf(suite, plan, output), ExperimentReport.FileName)))];
    }

    private static string DirectoryOf(ExperimentSuite suite, ExperimentPlan plan, string output) =>
        suite.IsSuite ? Path.Combine(output, plan.Name) : output;
}
