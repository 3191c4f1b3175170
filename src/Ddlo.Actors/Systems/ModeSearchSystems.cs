using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Systems;

/// <summary>
/// What WPMEC and LyDROO share: each device makes one decision per frame (compute locally or offload), and the best
/// mode is searched for (exhaustively within reach, by coordinate descent beyond).
/// </summary>
internal static class ModeSearchSystems
{
    private const string TasksKey = "ddlo.system.tasks-per-device";

    /// <summary>M, which is 1: a value other than reference.conf's is refused, naming the model.</summary>
    public static int ReadTasksPerDevice(ConfigReader config, string displayName)
    {
        int tasks = config.Int(TasksKey, 1, 30);
        if (tasks != 1 && config.Config.GetValue(TasksKey).ToString() != Scenario.ReferenceConfig.GetValue(TasksKey).ToString())
        {
            throw config.Error(TasksKey, string.Create(CultureInfo.InvariantCulture,
                $"a {displayName} device makes one decision per frame (compute locally or offload), so M is 1, got {tasks}; leave it out."));
        }

        return 1;
    }

    /// <summary>WPMEC's or LyDROO's oracles and baselines, and exhaustive search within reach.</summary>
    public static void Validate(DdloSettings settings, Func<string, string> sourceOf)
    {
        var model = settings.System.CreateSystemModel();
        string name = settings.System.Definition.DisplayName;
        int n = settings.System.Devices;
        string? oracle = settings.Run.OracleFor(settings.System);
        const string scoring = "ddlo.run.score-against-optimum";
        if (oracle is not null && !model.Oracles.Contains(oracle))
        {
            throw ScenarioException.For(sourceOf(scoring), scoring, $"{oracle} scores MUMT; {name} scores against auto | {string.Join(" | ", model.Oracles)} | off.");
        }

        if (oracle == "exhaustive" && n > ModeSearch.MaxExhaustiveDevices)
        {
            throw ScenarioException.For(sourceOf(scoring), scoring,
                $"exhaustive scoring prices all 2^N modes, which needs N <= {ModeSearch.MaxExhaustiveDevices}, but N = {n}; use auto or coordinate-descent.");
        }

        const string policyKey = "ddlo.run.policy";
        string policy = settings.Run.Policy;
        if (!settings.Run.Learns && policy != RunSettings.OnnxPolicy && !settings.Run.IsForeign && !model.Baselines.Contains(policy))
        {
            throw ScenarioException.For(sourceOf(policyKey), policyKey, $"{policy} is an MUMT baseline; {name}'s are {string.Join(" | ", model.Baselines)}.");
        }

        if (policy == "exhaustive" && n > ModeSearch.MaxExhaustiveDevices)
        {
            throw ScenarioException.For(sourceOf(policyKey), policyKey, $"the exhaustive policy needs N <= {ModeSearch.MaxExhaustiveDevices}, but N = {n}; use coordinate-descent.");
        }

        if (policy == RunSettings.OnnxPolicy && settings.System.Abilities.WhyNotOnnx is { } noOnnx)
        {
            throw ScenarioException.For(sourceOf(policyKey), policyKey, noOnnx);
        }
    }
}
