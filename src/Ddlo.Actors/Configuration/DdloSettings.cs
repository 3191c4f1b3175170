using Akka.Configuration;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Configuration;

/// <summary>Everything under <c>ddlo</c>, parsed once and validated eagerly.</summary>
public sealed record DdloSettings(SystemSettings System, WorkloadSettings Workload, LearningSettings Learning, RunSettings Run)
{
    /// <summary>
    /// These settings as the <c>ddlo { ... }</c> HOCON they were read from, fallbacks included: how they cross nodes
    /// (inside the serializer), and how a run saves them with its results and checkpoints.
    /// </summary>
    public string Hocon { get; init; } = string.Empty;

    /// <summary>The defaults of reference.conf.</summary>
    public static DdloSettings Default => Scenario.Default.Settings;

    /// <summary>Maps this run's task sizes (workload range) to network inputs (input scale).</summary>
    public Learning.Networks.InputNormalizer CreateNormalizer() => new(Workload.MinMb, Workload.MaxMb, Learning.InputScale);

    /// <summary>The shape, optimiser and seed of DNN <paramref name="k"/> of this run.</summary>
    public Learning.Networks.NetworkOptions NetworkOptions(int k) =>
        Learning.NetworkOptions(System.TaskCount, Ddlo.Core.Seeds.Derive(Run.Seed, Ddlo.Core.Seeds.DnnStream, k));

    internal static DdloSettings Create(Config config, Func<string, string> sourceOf)
    {
        var reader = new ConfigReader(config, sourceOf);
        var settings = new DdloSettings(SystemSettings.Read(reader), WorkloadSettings.Read(reader), LearningSettings.Read(reader), RunSettings.Read(reader));
        int tasks = settings.System.TaskCount;
        if (tasks > ExhaustiveSearch.MaxTasks && settings.Run.OptimumFor(tasks) == ScoringMode.Exhaustive)
        {
            const string key = "ddlo.run.score-against-optimum";
            throw ScenarioException.For(sourceOf(key), key,
                $"exhaustive scoring needs N*M <= {ExhaustiveSearch.MaxTasks}, but N*M = {tasks}; use auto or dual.");
        }

        if (tasks > ExhaustiveSearch.MaxTasks && settings.Run.Policy == "exhaustive")
        {
            const string key = "ddlo.run.policy";
            throw ScenarioException.For(sourceOf(key), key, $"the exhaustive policy needs N*M <= {ExhaustiveSearch.MaxTasks}, but N*M = {tasks}; use dual.");
        }

        return settings with { Hocon = "ddlo { " + config.GetConfig("ddlo").ToString(includeFallback: true) + " }" };
    }
}
