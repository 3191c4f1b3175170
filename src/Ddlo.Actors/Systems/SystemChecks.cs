using Ddlo.Actors.Configuration;

namespace Ddlo.Actors.Systems;

/// <summary>
/// What any system model checks of a run's settings unless its definition checks more: the oracle and the baseline it
/// is asked for are its own, and device search (which changes MUMT's task decisions) is off.
/// </summary>
internal static class SystemChecks
{
    public static void Validate(DdloSettings settings, Func<string, string> sourceOf)
    {
        var model = settings.System.CreateSystemModel();
        string name = settings.System.Definition.DisplayName;
        const string scoring = "ddlo.run.score-against-optimum";
        if (settings.Run.OracleFor(settings.System) is { } oracle && !model.Oracles.Contains(oracle))
        {
            throw ScenarioException.For(sourceOf(scoring), scoring, $"{oracle} is not an oracle of {name}; it scores against auto | {string.Join(" | ", model.Oracles)} | off.");
        }

        const string policyKey = "ddlo.run.policy";
        string policy = settings.Run.Policy;
        if (!settings.Run.Learns && policy != RunSettings.OnnxPolicy && !settings.Run.IsForeign && !model.Baselines.Contains(policy))
        {
            throw ScenarioException.For(sourceOf(policyKey), policyKey, $"{policy} is not a baseline of {name}; its baselines are {string.Join(" | ", model.Baselines)}.");
        }

        if (settings.Learning.DeviceSearchRounds > 0 && model is not Ddlo.Core.Search.IModeSearchModel)
        {
            const string key = "ddlo.learning.device-search-rounds";
            throw ScenarioException.For(sourceOf(key), key, $"device search changes a device's M task decisions under the MUMT bandwidth split; {name} has none (set it to 0).");
        }
    }
}
