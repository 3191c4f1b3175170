using System.Diagnostics;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Plugins;
using Ddlo.Core.Data;
using Ddlo.Core.Policies;
using Ddlo.Core.Systems;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// <c>evaluate</c>'s policies that decide row by row (the baselines, plug-in policies by Name or type name, the ONNX
/// models), each scored on the same rows of a data set with exact optima. The learner is replayed instead
/// (<see cref="DatasetReplay"/>).
/// </summary>
public static class DatasetScoring
{
    /// <summary>A policy's figures on the data set, and how long scoring it took.</summary>
    public sealed record Scored(DatasetEvaluation Result, double Seconds);

    /// <summary>The policies of <c>--policy</c>: one, or several comma-separated (exhaustive,edge,threshold), each named once.</summary>
    public static IReadOnlyList<string> Policies(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var policies = PolicyPlugins.ListOf(text);
        return policies.Any(p => p.Length == 0) || policies.Distinct(StringComparer.Ordinal).Count() != policies.Count
            ? throw new ArgumentException($"--policy: a list names each policy once, with no empty entry; got '{text}'.")
            : policies;
    }

    /// <summary>
    /// Creates <paramref name="policy"/> for <paramref name="scenario"/>'s system: one of its model's baselines, or a
    /// plug-in policy or the ONNX models, loaded as the scenario's own policy by <paramref name="asPolicy"/> (so that
    /// it loads, and fails, as a scenario naming it does). A plug-in's calls are guarded by the candidate deadline.
    /// </summary>
    public static IOffloadingPolicy Create(Scenario scenario, Func<string, Scenario> asPolicy, string policy, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(asPolicy);
        var model = scenario.Settings.System.CreateSystemModel();
        if (model.Baselines.Contains(policy))
        {
            return model.CreateBaseline(policy, seed);
        }

        if (RunSettings.BuiltInPolicies.Contains(policy) && policy is not (RunSettings.LearnedPolicy or RunSettings.OnnxPolicy or RunSettings.RemotePolicy))
        {
            // Another model's baseline: checked against this scenario's model, whose own baselines (a registered model's too) evaluate.
            PolicyPlugins.Load(scenario.Settings.Plugins);
            var run = scenario.Settings.Run;
            throw ScenarioException.For("--policy", null, PolicyPlugins.UnknownPolicy(policy, model, seed, run.PluginStartTimeout).Problem);
        }

        var settings = asPolicy(policy).Settings;
        return policy == RunSettings.OnnxPolicy
            ? new BestOfPolicy(RunSettings.OnnxPolicy, model, [.. Enumerable.Range(0, settings.OnnxModels.Length).Select(k => settings.CreatePolicy(seed, k))])
            : PolicyPlugins.Guarded(settings.CreatePolicy(seed), settings.Run.CandidateDeadline);
    }

    /// <summary>Scores <paramref name="policy"/> on every row of <paramref name="dataset"/>, timed.</summary>
    public static Scored Score(ReferenceDataset dataset, IOffloadingPolicy policy, ISystemModel model)
    {
        var watch = Stopwatch.StartNew();
        var result = DatasetEvaluator.Evaluate(dataset, policy, model);
        return new Scored(result, watch.Elapsed.TotalSeconds);
    }
}
