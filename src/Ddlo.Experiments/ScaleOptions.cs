using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments;

/// <summary>The scale kind's own keys of an experiment file: its learner designs and the keys that grow with N.</summary>
internal static class ScaleOptions
{
    /// <summary><c>designs { name = [overrides], ... }</c> in the file's order.</summary>
    public static ImmutableArray<Design> Designs(ExperimentOptions options)
    {
        if (options.Value("designs") is not { } value)
        {
            return [];
        }

        if (!value.IsObject())
        {
            throw options.Error("designs", "expected { name = [key=value, ...], ... }");
        }

        return [.. value.GetObject().Items.Select(item =>
        {
            try
            {
                return new Design(item.Key, [.. item.Value.GetStringList()]);
            }
            catch (Exception e) when (e is Akka.Configuration.ConfigurationException or InvalidOperationException or NullReferenceException)
            {
                throw options.Error("designs." + item.Key, "expected a list of overrides such as [\"ddlo.learning.architecture=per-device\"]");
            }
        })];
    }

    /// <summary><c>per-device { key = figure }</c>: keys of the base scenario set to the figure times the swept number of devices.</summary>
    public static ImmutableArray<(string Key, double PerDevice)> PerDevice(ExperimentOptions options, ExperimentPlan plan)
    {
        if (!options.Has("per-device"))
        {
            return [];
        }

        var block = options.Block("per-device");
        var known = ExperimentFile.Settings(options.Path, plan.BaseScenario, plan.Overrides);
        return [.. Scenario.LeafKeys(block).Select(name =>
        {
            string key = name.StartsWith("ddlo.", StringComparison.Ordinal) ? name : "ddlo." + name;
            if (!known.IsSetting(key) || key == plan.SweepKey)
            {
                throw options.Error("per-device." + name, $"'{key}' is not a ddlo setting that can grow with the number of devices");
            }

            string text = block.GetString(name);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double figure) && double.IsFinite(figure) && figure > 0
                ? (key, figure)
                : throw options.Error("per-device." + name, $"expected a positive number, got '{text}'");
        })];
    }
}
