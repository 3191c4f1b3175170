using System.Collections.Immutable;
using System.Globalization;
using Akka.Configuration;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Plugins;

namespace Ddlo.Experiments;

/// <summary>
/// Reads an experiment file (<c>experiment { ... }</c>, HOCON). A file with <c>include = [a.conf, b.conf]</c> is a
/// suite of the experiments in those files. <c>--quick</c> applies each file's <c>quick { ... }</c> block, a smaller
/// profile of the same experiment. Mistakes name the file, the key and the problem.
/// </summary>
public static class ExperimentFile
{
    /// <summary>The keys every kind reads; a kind adds its own (<see cref="IExperiment.OptionKeys"/>).</summary>
    private static readonly HashSet<string> CommonKeys = ["title", "kind", "base-scenario", "sweep", "policies", "repetitions", "steps", "set", "quick", "include", ExperimentFigures.Key];

    /// <summary>The common keys a quick { } profile may set.</summary>
    private static readonly HashSet<string> CommonQuickKeys = ["steps", "repetitions", "values"];

    /// <summary>The experiments of <paramref name="path"/>: itself, or those it includes.</summary>
    /// <param name="path">The experiment file.</param>
    /// <param name="quick">Apply each file's quick { } profile.</param>
    /// <param name="registry">The kinds a file may name (default: <see cref="ExperimentRegistry.Default"/>).</param>
    public static ExperimentSuite Load(string path, bool quick, ExperimentRegistry? registry = null)
    {
        registry ??= ExperimentRegistry.Default;
        var config = Parse(path, registry);
        string title = config.GetString("title", Path.GetFileNameWithoutExtension(path));
        if (!config.HasPath("include"))
        {
            return new ExperimentSuite(title, IsSuite: false, [Plan(path, config, quick, registry)]);
        }

        var includes = Strings(path, config, "include");
        if (includes.IsEmpty)
        {
            throw Error(path, "include", "expected a list of experiment files");
        }

        var plans = new List<ExperimentPlan>();
        Include(path, includes, [Path.GetFullPath(path)], quick, registry, plans);
        return new ExperimentSuite(title, IsSuite: true, [.. plans]);
    }

    /// <summary>The plans of the files <paramref name="path"/> includes, in order, through any suites they include in turn; a cycle is refused naming its files.</summary>
    private static void Include(string path, ImmutableArray<string> includes, ImmutableList<string> chain, bool quick, ExperimentRegistry registry, List<ExperimentPlan> plans)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (string file in includes.Select(file => Path.Combine(directory, file)))
        {
            string full = Path.GetFullPath(file);
            if (chain.Contains(full, StringComparer.Ordinal))
            {
                throw Error(path, "include", $"the includes form a cycle: {string.Join(" -> ", chain.Add(full).Select(Path.GetFileName))} ({directory})");
            }

            var config = Parse(file, registry);
            if (config.HasPath("include"))
            {
                Include(file, Strings(file, config, "include"), chain.Add(full), quick, registry, plans);
            }
            else
            {
                var plan = Plan(file, config, quick, registry);
                // Each experiment of a suite writes into a folder named after its file: two of one name would share it.
                if (plans.FirstOrDefault(p => p.Name == plan.Name) is { } twin)
                {
                    throw Error(path, "include", $"{twin.File} and {plan.File} are both named {plan.Name}, and would write into one folder; include each experiment once, under a name of its own");
                }

                plans.Add(plan);
            }
        }
    }

    private static Config Parse(string path, ExperimentRegistry registry)
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
        var known = CommonKeys.Concat(registry.Kinds.SelectMany(k => k.OptionKeys.Keys)).ToHashSet(StringComparer.Ordinal);
        foreach (string key in config.Root.GetObject().Items.Keys.Where(k => !known.Contains(k)))
        {
            throw Error(path, key, $"unknown key; expected one of {string.Join(", ", known.Order(StringComparer.Ordinal))}");
        }

        return config;
    }

    private static ExperimentPlan Plan(string path, Config config, bool quick, ExperimentRegistry registry)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        string kindName = Required(path, config, "kind");
        if (!registry.TryGet(kindName, out var kind))
        {
            throw Error(path, "kind", $"expected one of {string.Join(" | ", registry.Names)}, got '{kindName}'");
        }

        // A key another kind reads is refused, naming that kind.
        foreach (string key in config.Root.GetObject().Items.Keys.Where(k => !CommonKeys.Contains(k) && !kind.OptionKeys.ContainsKey(k)))
        {
            var owner = registry.Kinds.First(k => k.OptionKeys.ContainsKey(key));
            throw Error(path, key, $"only a {owner.Kind} experiment (kind = {owner.Kind}) takes this key");
        }

        var profile = quick && config.HasPath("quick") ? config.GetConfig("quick") : null;
        var quickKeys = CommonQuickKeys.Concat(kind.OptionKeys.Where(k => k.Value).Select(k => k.Key)).ToHashSet(StringComparer.Ordinal);
        foreach (string key in profile?.Root.GetObject().Items.Keys.Where(k => !quickKeys.Contains(k)) ?? [])
        {
            throw Error(path, "quick." + key, $"unknown key; expected one of {string.Join(", ", quickKeys.Order(StringComparer.Ordinal))}");
        }

        Config Pick(string key) => profile is not null && profile.HasPath(key) ? profile : config;
        string? baseScenario = config.HasPath("base-scenario")
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, config.GetString("base-scenario"))
            : null;
        var overrides = config.HasPath("set") ? Strings(path, config, "set") : [];
        string sweepKey = Required(path, config, "sweep.key");
        sweepKey = sweepKey.StartsWith("ddlo.", StringComparison.Ordinal) ? sweepKey : "ddlo." + sweepKey;
        if (!Settings(path, baseScenario, overrides).IsSetting(sweepKey))
        {
            throw Error(path, "sweep.key", $"'{sweepKey}' is not a ddlo setting");
        }

        var values = profile?.HasPath("values") == true ? Values(path, profile, "values") : Values(path, config, "sweep.values");
        if (values.IsEmpty)
        {
            throw Error(path, "sweep.values", "expected a non-empty list of values");
        }

        // Each value is one row of results: a value swept twice (as written, or as the same number) would pool its runs.
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            string same = double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double number)
                ? number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : value.Trim();
            if (!seen.TryAdd(same, value))
            {
                string key = profile?.HasPath("values") == true ? "quick.values" : "sweep.values";
                throw Error(path, key, $"{sweepKey} = {value} is swept twice ('{seen[same]}' and '{value}'); each value is one row of the results, so list it once.");
            }
        }

        var plan = new ExperimentPlan(
            name,
            config.GetString("title", name),
            kindName,
            baseScenario,
            sweepKey,
            values,
            config.HasPath("policies") ? Policies(path, Strings(path, config, "policies")) : ["ddlo"],
            Whole(path, Pick("repetitions"), "repetitions", 1, 1000),
            Whole(path, Pick("steps"), "steps", 1, 100_000_000, out var stepsPerValue),
            overrides)
        {
            StepsPerValue = stepsPerValue,
            File = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(path)),
            Quick = profile is not null,
            Figures = ExperimentFigures.Read(path, config),
        };
        if (!plan.StepsPerValue.IsEmpty && plan.StepsPerValue.Length != plan.Values.Length)
        {
            throw Error(path, "steps", $"a list of steps needs one entry per swept value ({plan.Values.Length}), got {plan.StepsPerValue.Length}");
        }

        plan = kind.Configure(plan, new ExperimentOptions(path, config, profile));
        return plan with { PolicyNames = Validate(path, plan) };
    }

    /// <summary>
    /// Every run's scenario must load: a bad value, override or policy fails now, naming the experiment file. Gives the
    /// plug-in policies' Names, by which results name them.
    /// </summary>
    private static ImmutableDictionary<string, string> Validate(string path, ExperimentPlan plan)
    {
        var numerics = new HashSet<Ddlo.Learning.Numerics>();
        foreach (string value in plan.Values)
        {
            foreach (var design in plan.Designs.DefaultIfEmpty(new Design(string.Empty, [])))
            {
                try
                {
                    numerics.Add(Scenario.Load(plan.BaseScenario, plan.RunOverrides(value, 1, [.. design.Overrides])).Settings.Run.Numerics);
                }
                catch (ScenarioException e)
                {
                    string where = design.Name.Length == 0 ? string.Empty : $", design '{design.Name}'";
                    throw ScenarioException.For(path, null, $"{plan.SweepKey} = {value}{where}: {e.Message}");
                }
            }
        }

        // The runs share this process, whose native libraries choose their kernels once.
        if (numerics.Count > 1)
        {
            throw ScenarioException.For(path, "ddlo.run.numerics", "the runs of one experiment share one process, which runs one numerics mode: run one experiment per mode.");
        }

        // Each policy must be one the base scenario's system model offers (ddlo, a built-in or model baseline) or a
        // plug-in that loads with its settings, before any run starts; results name a plug-in by its own Name, so two
        // that name themselves alike could not be told apart.
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string policy in plan.Policies)
        {
            Scenario scenario;
            try
            {
                scenario = Scenario.Load(plan.BaseScenario, plan.RunOverrides(plan.Values[0], 1, RunSettings.PolicyOverride(policy)));
            }
            catch (ScenarioException e)
            {
                throw !RunSettings.BuiltInPolicies.Contains(policy)
                    ? Error(path, "policies", $"{policy}: {e.Message}")
                    : Error(path, "policies", $"'{policy}' is not a policy of this experiment's system: {e.Message}");
            }

            string name = scenario.Settings.Run.PolicyName;
            if (scenario.Settings.Run.IsForeign && !named.TryAdd(name, policy))
            {
                throw Error(path, "policies", $"{named[name]} and {policy} both name themselves '{name}', so their results could not be told apart.");
            }
        }

        return named.Where(pair => pair.Key != pair.Value).ToImmutableDictionary(pair => pair.Value, pair => pair.Key);
    }

    /// <summary>The system models of the base scenario with its overrides: which keys an experiment may sweep or set.</summary>
    internal static Ddlo.Actors.Systems.SystemModels Settings(string path, string? baseScenario, IEnumerable<string> overrides)
    {
        try
        {
            return Scenario.Load(baseScenario, overrides).Models;
        }
        catch (ScenarioException e)
        {
            throw ScenarioException.For(path, null, $"base scenario: {e.Message}");
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

    /// <summary>The compared policies: at least one, each once (a row of results per policy).</summary>
    private static ImmutableArray<string> Policies(string path, ImmutableArray<string> policies) =>
        policies.IsEmpty ? throw Error(path, "policies", "expected at least one policy, such as [ddlo, edge]")
        : policies.GroupBy(p => p.Trim(), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? throw Error(path, "policies", $"'{twice.Key}' is listed twice; each policy is one row of the results, so list it once")
            : policies;

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

    /// <summary>Swept values as the HOCON literals the runs set: numbers, words, or lists such as [64, 32].</summary>
    private static ImmutableArray<string> Values(string path, Config config, string key)
    {
        var value = config.HasPath(key) ? config.GetValue(key) : null;
        return value is not null && value.IsArray()
            ? [.. value.GetArray().Select(HoconLiteral.Of)]
            : throw Error(path, key, "expected a list such as [1, 2, 3]");
    }

    private static ScenarioException Error(string path, string key, string problem) => ScenarioException.For(path, "experiment." + key, problem);
}
