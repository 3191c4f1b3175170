using System.Collections.Immutable;
using System.Globalization;
using Akka.Configuration;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Plugins;

namespace Ddlo.Cli.Experiments;

/// <summary>
/// Reads an experiment file (<c>experiment { ... }</c>, HOCON). A file with <c>include = [a.conf, b.conf]</c> is a
/// suite of the experiments in those files. <c>--quick</c> applies each file's <c>quick { ... }</c> block, a smaller
/// profile of the same experiment. Mistakes name the file, the key and the problem.
/// </summary>
public static class ExperimentFile
{
    private static readonly HashSet<string> Keys =
    [
        "title", "kind", "base-scenario", "sweep", "policies", "repetitions", "steps", "set", "platforms", "one-core", "quick", "include", "measure",
        "designs", "per-device", "convergence-at", "dataset", "timing-steps", "arrival-rates", "upstream",
    ];

    private static readonly HashSet<string> QuickKeys = ["steps", "repetitions", "values", "platforms", "one-core", "timing-steps", "arrival-rates"];

    /// <summary>The experiments of <paramref name="path"/>: itself, or those it includes.</summary>
    public static ExperimentSuite Load(string path, bool quick)
    {
        var config = Parse(path);
        string title = config.GetString("title", Path.GetFileNameWithoutExtension(path));
        if (!config.HasPath("include"))
        {
            return new ExperimentSuite(title, IsSuite: false, [Plan(path, config, quick)]);
        }

        var includes = Strings(path, config, "include");
        if (includes.IsEmpty)
        {
            throw Error(path, "include", "expected a list of experiment files");
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new ExperimentSuite(title, IsSuite: true, [.. includes.Select(file => Path.Combine(directory, file)).Select(file => Plan(file, Parse(file), quick))]);
    }

    private static Config Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw ScenarioException.For(path, null, "experiment file not found.");
        }

        var root = HoconStructure.Parse(File.ReadAllText(path), path);
        if (!root.HasPath("experiment"))
        {
            throw ScenarioException.For(path, null, "expected an experiment { ... } block.");
        }

        var config = root.GetConfig("experiment");
        foreach (string key in config.Root.GetObject().Items.Keys.Where(k => !Keys.Contains(k)))
        {
            throw Error(path, key, $"unknown key; expected one of {string.Join(", ", Keys.Order(StringComparer.Ordinal))}");
        }

        return config;
    }

    private static ExperimentPlan Plan(string path, Config config, bool quick)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        var profile = quick && config.HasPath("quick") ? config.GetConfig("quick") : null;
        foreach (string key in profile?.Root.GetObject().Items.Keys.Where(k => !QuickKeys.Contains(k)) ?? [])
        {
            throw Error(path, "quick." + key, $"unknown key; expected one of {string.Join(", ", QuickKeys.Order(StringComparer.Ordinal))}");
        }

        Config Pick(string key) => profile is not null && profile.HasPath(key) ? profile : config;
        string kindName = Required(path, config, "kind");
        if (!ExperimentRegistry.Names.TryGetValue(kindName, out var kind))
        {
            throw Error(path, "kind", $"expected one of {string.Join(" | ", ExperimentRegistry.Names.Keys)}, got '{kindName}'");
        }

        string? baseScenario = config.HasPath("base-scenario")
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, config.GetString("base-scenario"))
            : null;
        string sweepKey = Required(path, config, "sweep.key");
        sweepKey = sweepKey.StartsWith("ddlo.", StringComparison.Ordinal) ? sweepKey : "ddlo." + sweepKey;
        if (!Scenario.KnownKeys.Contains(sweepKey))
        {
            throw Error(path, "sweep.key", $"'{sweepKey}' is not a ddlo setting");
        }

        var values = profile?.HasPath("values") == true ? Strings(path, profile, "values") : Strings(path, config, "sweep.values");
        if (values.IsEmpty)
        {
            throw Error(path, "sweep.values", "expected a non-empty list of values");
        }

        var policies = config.HasPath("policies") ? Strings(path, config, "policies") : ["ddlo"];
        var platformNames = config.HasPath("platforms") || profile?.HasPath("platforms") == true ? Strings(path, Pick("platforms"), "platforms") : [];
        var platforms = platformNames.Select(name => PlatformNames.TryParse(name, out var platform)
            ? platform
            : throw Error(path, "platforms", $"unknown platform '{name}'; expected {string.Join(", ", PlatformNames.All)}")).ToImmutableArray();

        var measure = config.GetString("measure", "inference") switch
        {
            "inference" => TimingMeasure.Inference,
            "training" => TimingMeasure.Training,
            var other => throw Error(path, "measure", $"expected inference | training, got '{other}'"),
        };

        var plan = new ExperimentPlan(
            name,
            config.GetString("title", name),
            kind,
            baseScenario,
            sweepKey,
            values,
            policies,
            Whole(path, Pick("repetitions"), "repetitions", 1, 1000),
            Whole(path, Pick("steps"), "steps", 1, 100_000_000, out var stepsPerValue),
            config.HasPath("set") ? Strings(path, config, "set") : [],
            platforms,
            Pick("one-core").GetBoolean("one-core", false))
        {
            Measure = measure,
            StepsPerValue = stepsPerValue,
            Designs = Designs(path, config),
            PerDevice = PerDevice(path, config, sweepKey),
            ConvergenceAt = config.HasPath("convergence-at") ? config.GetString("convergence-at") : null,
            Dataset = config.HasPath("dataset") ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, config.GetString("dataset")) : null,
            TimingSteps = config.HasPath("timing-steps") || profile?.HasPath("timing-steps") == true ? Whole(path, Pick("timing-steps"), "timing-steps", 1, 100_000_000) : 0,
            ArrivalRates = config.HasPath("arrival-rates") || profile?.HasPath("arrival-rates") == true ? Strings(path, Pick("arrival-rates"), "arrival-rates") : [],
            Upstream = config.HasPath("upstream") ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, config.GetString("upstream")) : null,
            File = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path)),
            Quick = profile is not null,
        };
        Validate(path, plan);
        return plan;
    }

    /// <summary>Every run's scenario must load: a bad value or override fails now, naming the experiment file.</summary>
    private static void Validate(string path, ExperimentPlan plan)
    {
        if (plan.Kind == ExperimentKind.Timing && plan.SweepKey != "ddlo.learning.dnn-count")
        {
            throw Error(path, "sweep.key", "a timing experiment sweeps the number of DNNs: key = ddlo.learning.dnn-count");
        }

        if (plan.Kind == ExperimentKind.Platforms && !plan.Platforms.Contains(Platform.SingleNode))
        {
            throw Error(path, "platforms", $"a platforms experiment compares every platform with one node: list single among them (got {string.Join(", ", plan.Platforms.Select(p => p.Name()))})");
        }

        if (!plan.StepsPerValue.IsEmpty && plan.StepsPerValue.Length != plan.Values.Length)
        {
            throw Error(path, "steps", $"a list of steps needs one entry per swept value ({plan.Values.Length}), got {plan.StepsPerValue.Length}");
        }

        if (plan.Kind == ExperimentKind.Scale)
        {
            if (plan.SweepKey != "ddlo.system.devices")
            {
                throw Error(path, "sweep.key", "a scale experiment sweeps the number of devices: key = ddlo.system.devices");
            }

            if (plan.Designs.IsEmpty)
            {
                throw Error(path, "designs", "a scale experiment compares learner designs: designs { paper = [], ... }");
            }
        }
        else if (!plan.Designs.IsEmpty || !plan.PerDevice.IsEmpty)
        {
            throw Error(path, plan.Designs.IsEmpty ? "per-device" : "designs", "only a scale experiment (kind = scale) takes this key");
        }

        if (plan.Kind == ExperimentKind.Droo)
        {
            if (plan.SweepKey != "ddlo.system.devices" || plan.Dataset is null || plan.TimingSteps == 0)
            {
                throw Error(path, plan.Dataset is null ? "dataset" : plan.SweepKey != "ddlo.system.devices" ? "sweep.key" : "timing-steps",
                    "a droo experiment learns on a WPMEC data set (dataset = ...) and times frames against the number of devices (sweep.key = ddlo.system.devices, timing-steps = frames per N)");
            }

            if (!File.Exists(plan.Dataset))
            {
                throw Error(path, "dataset", $"data set file not found: {plan.Dataset}");
            }
        }
        else if (plan.Dataset is not null || plan.TimingSteps != 0)
        {
            throw Error(path, plan.Dataset is not null ? "dataset" : "timing-steps", "only a droo experiment (kind = droo) takes this key");
        }

        if (plan.Kind == ExperimentKind.Lydroo)
        {
            if (plan.SweepKey != "ddlo.lydroo.v" || plan.ArrivalRates.IsEmpty)
            {
                throw Error(path, plan.ArrivalRates.IsEmpty ? "arrival-rates" : "sweep.key",
                    "a lydroo experiment sweeps V (sweep.key = ddlo.lydroo.v) and the mean arrival per frame (arrival-rates = [2, 3, 4, ...] Mbit)");
            }

            if (plan.Upstream is not null && !Directory.Exists(plan.Upstream))
            {
                throw Error(path, "upstream", $"folder not found: {plan.Upstream}");
            }

            foreach (string rate in plan.ArrivalRates)
            {
                try
                {
                    Scenario.Load(plan.BaseScenario, [.. plan.Overrides, $"ddlo.arrivals.mean-mbit={rate}"]);
                }
                catch (ScenarioException e)
                {
                    throw ScenarioException.For(path, null, $"arrival-rates = {rate}: {e.Message}");
                }
            }
        }
        else if (!plan.ArrivalRates.IsEmpty || plan.Upstream is not null)
        {
            throw Error(path, plan.Upstream is not null ? "upstream" : "arrival-rates", "only a lydroo experiment (kind = lydroo) takes this key");
        }

        if (plan.Kind == ExperimentKind.Convergence && plan.Policies is not ["ddlo"])
        {
            throw Error(path, "policies", "a convergence experiment follows the learning policy only: policies = [ddlo]");
        }

        foreach (string policy in plan.Policies.Where(p => p is not ("ddlo" or "local" or "edge" or "exhaustive" or "dual" or "random" or "coordinate-descent") && !PolicyPlugins.IsTypeName(p)))
        {
            throw Error(path, "policies", $"unknown policy '{policy}'; expected ddlo, local, edge, exhaustive, dual, random, coordinate-descent, or a plug-in policy's type name (with ddlo.plugins in set or the base scenario)");
        }

        // A plug-in policy must load, with its settings, before any run starts.
        foreach (string policy in plan.Policies.Where(PolicyPlugins.IsTypeName))
        {
            try
            {
                Scenario.Load(plan.BaseScenario, plan.RunOverrides(plan.Values[0], 1, $"ddlo.run.policy={policy}"));
            }
            catch (ScenarioException e)
            {
                throw ScenarioException.For(path, null, $"policy {policy}: {e.Message}");
            }
        }

        foreach (string value in plan.Values)
        {
            foreach (var design in plan.Designs.DefaultIfEmpty(new Design(string.Empty, [])))
            {
                try
                {
                    Scenario.Load(plan.BaseScenario, plan.RunOverrides(value, 1, [.. design.Overrides]));
                }
                catch (ScenarioException e)
                {
                    string where = design.Name.Length == 0 ? string.Empty : $", design '{design.Name}'";
                    throw ScenarioException.For(path, null, $"{plan.SweepKey} = {value}{where}: {e.Message}");
                }
            }
        }
    }

    private static string Required(string path, Config config, string key) =>
        config.HasPath(key) && config.GetString(key) is { Length: > 0 } value ? value : throw Error(path, key, "required");

    /// <summary>A whole number, or (for <c>steps</c>) a list of them, one per swept value: the largest is returned.</summary>
    private static int Whole(string path, Config config, string key, int min, int max, out ImmutableArray<long> list)
    {
        list = [];
        if (config.HasPath(key) && config.GetValue(key).IsArray())
        {
            list = [.. Strings(path, config, key).Select(text => (long)Whole(path, key, text, min, max))];
            return list.IsEmpty ? throw Error(path, key, "expected a whole number or a non-empty list of them") : (int)list.Max();
        }

        return Whole(path, config, key, min, max);
    }

    private static int Whole(string path, Config config, string key, int min, int max)
    {
        if (!config.HasPath(key))
        {
            throw Error(path, key, "required");
        }

        return Whole(path, key, config.GetString(key), min, max);
    }

    private static int Whole(string path, string key, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw Error(path, key, $"expected a whole number in [{min}, {max}], got '{text}'");

    /// <summary><c>designs { name = [overrides], ... }</c> in the file's order.</summary>
    private static ImmutableArray<Design> Designs(string path, Config config)
    {
        if (!config.HasPath("designs"))
        {
            return [];
        }

        var value = config.GetValue("designs");
        if (!value.IsObject())
        {
            throw Error(path, "designs", "expected { name = [key=value, ...], ... }");
        }

        return [.. value.GetObject().Items.Select(item =>
        {
            try
            {
                return new Design(item.Key, [.. item.Value.GetStringList()]);
            }
            catch (Exception e) when (e is ConfigurationException or InvalidOperationException or NullReferenceException)
            {
                throw Error(path, "designs." + item.Key, "expected a list of overrides such as [\"ddlo.learning.architecture=per-device\"]");
            }
        })];
    }

    /// <summary><c>per-device { key = figure }</c>: keys set to the figure times the swept number of devices.</summary>
    private static ImmutableArray<(string Key, double PerDevice)> PerDevice(string path, Config config, string sweepKey)
    {
        if (!config.HasPath("per-device"))
        {
            return [];
        }

        var block = config.GetConfig("per-device");
        return [.. Scenario.LeafKeys(block).Select(name =>
        {
            string key = name.StartsWith("ddlo.", StringComparison.Ordinal) ? name : "ddlo." + name;
            if (!Scenario.KnownKeys.Contains(key) || key == sweepKey)
            {
                throw Error(path, "per-device." + name, $"'{key}' is not a ddlo setting that can grow with the number of devices");
            }

            string text = block.GetString(name);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double figure) && double.IsFinite(figure) && figure > 0
                ? (key, figure)
                : throw Error(path, "per-device." + name, $"expected a positive number, got '{text}'");
        })];
    }

    private static ImmutableArray<string> Strings(string path, Config config, string key)
    {
        try
        {
            return [.. config.GetStringList(key)];
        }
        catch (Exception e) when (e is ConfigurationException or InvalidOperationException or NullReferenceException)
        {
            throw Error(path, key, "expected a list such as [1, 2, 3]");
        }
    }

    private static ScenarioException Error(string path, string key, string problem) => ScenarioException.For(path, "experiment." + key, problem);
}
