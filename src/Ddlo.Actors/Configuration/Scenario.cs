using Akka.Configuration;
using Ddlo.Actors.Systems;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// A scenario: reference.conf, overridden by an optional scenario file, overridden by <c>--set key=value</c>
/// pairs. Loading checks every <c>ddlo.*</c> key against reference.conf and every value's type and range, so a
/// bad scenario fails before anything runs, with one line naming the file, the key and the problem.
/// </summary>
public sealed class Scenario
{
    public const string ReferenceSource = "reference.conf";
    private const string DefaultName = "default (reference.conf)";

    private readonly Func<string, string> sourceOf;

    private const string GivenSystemsSource = "the system definitions given to Scenario.Load";

    private Scenario(string name, Config config, DdloSettings settings, Func<string, string>? sourceOf = null)
    {
        Name = name;
        Config = config;
        Settings = settings;
        this.sourceOf = sourceOf ?? (_ => name);
    }

    /// <summary>Where <paramref name="key"/> was set: the scenario file, a --set override, or reference.conf; for messages.</summary>
    public string SourceOf(string key) => sourceOf(key);

    /// <summary>The embedded defaults: the shared reference.conf and the blocks of the models it registers.</summary>
    public static Config ReferenceConfig => SystemModels.BuiltIn.Reference;

    /// <summary>The scenario file's path, or "default (reference.conf)".</summary>
    public string Name { get; }

    /// <summary>The merged configuration, overrides first, reference.conf last.</summary>
    public Config Config { get; }

    public DdloSettings Settings { get; }

    /// <summary>The system models this scenario could name: those reference.conf registers, and its own.</summary>
    public SystemModels Models => Settings.System.Models;

    /// <summary>The merged <c>ddlo { ... }</c> section as HOCON text: what a remote node needs to rebuild <see cref="Settings"/>.</summary>
    public string SettingsHocon => Settings.Hocon;

    /// <summary>Rebuilds settings from <see cref="SettingsHocon"/> text received from <paramref name="source"/> (another node, a saved run).</summary>
    public static DdloSettings SettingsFromHocon(string text, string source)
    {
        var parsed = HoconStructure.Parse(text, source);
        // The text registers its models by type name: this node builds them from its own assemblies and plug-ins.
        var models = SystemModels.Resolve(parsed.WithFallback(SystemModels.SharedReference), _ => source, [], loadPlugins: false);
        return DdloSettings.Create(parsed.WithFallback(models.Reference), _ => source, models, local: false);
    }

    /// <summary>The embedded default scenario (the paper's 3 x 3 system).</summary>
    public static Scenario Default => DefaultScenario.Value;

    /// <summary>
    /// Loads a scenario file (or the defaults when <paramref name="path"/> is null) with overrides; a later override
    /// wins over an earlier one, and every override wins over the file.
    /// </summary>
    public static Scenario Load(string? path, IEnumerable<string>? overrides = null) =>
        Load(path, path is null ? null : ParseText(ReadFile(path), path), overrides?.Select(ScenarioOverride.Set));

    /// <summary>As <see cref="Load(string?, IEnumerable{string}?)"/>, with overrides that name where they came from (an option such as <c>--steps</c>).</summary>
    public static Scenario Load(string? path, IEnumerable<ScenarioOverride> overrides) =>
        Load(path, path is null ? null : ParseText(ReadFile(path), path), overrides);

    /// <summary>A scenario from HOCON text (such as a checkpoint's saved settings) named <paramref name="source"/> in messages, with overrides.</summary>
    public static Scenario FromText(string text, string source, IEnumerable<string>? overrides = null) =>
        Load(source, ParseText(text, source), overrides?.Select(ScenarioOverride.Set));

    /// <summary>As <see cref="FromText(string, string, IEnumerable{string}?)"/>, with overrides that name where they came from.</summary>
    public static Scenario FromText(string text, string source, IEnumerable<ScenarioOverride> overrides) =>
        Load(source, ParseText(text, source), overrides);

    /// <summary>
    /// As <see cref="Load(string?, IEnumerable{string}?)"/>, with system models of a program's own beside those the
    /// configuration registers: each is registered under its name by its type name (so that the settings name it for
    /// another node, which builds it from its own copy of the assembly), and this instance is the one used here.
    /// </summary>
    public static Scenario Load(string? path, IEnumerable<string>? overrides, IEnumerable<ISystemDefinition> systems)
    {
        ArgumentNullException.ThrowIfNull(systems);
        return Load(path, path is null ? null : ParseText(ReadFile(path), path), overrides?.Select(ScenarioOverride.Set), [.. systems]);
    }

    private static Scenario Load(string? path, Config? file, IEnumerable<ScenarioOverride>? overrides, IReadOnlyList<ISystemDefinition>? systems = null)
    {
        // Lowest precedence first: the given models' registration, the file, then each --set in the order given.
        var layers = new List<(string Source, Config Config)>();
        if (systems is { Count: > 0 })
        {
            layers.Add((GivenSystemsSource, SystemModels.Registration(systems)));
        }

        if (path is not null && file is not null)
        {
            layers.Add((path, file));
        }

        foreach (var item in overrides ?? [])
        {
            layers.Add((item.Source, ParseOverride(item.Pair, item.Source)));
        }

        string SourceOf(string key) =>
            layers.LastOrDefault(layer => layer.Config.HasPath(key)).Source ?? ReferenceSource;

        // Paths relative to the layer that set them: the file's folder, or the working directory for an override.
        string? DirectoryOf(string key) =>
            layers.LastOrDefault(layer => layer.Config.HasPath(key)) is { Source: not null } layer
                ? ScenarioPaths.DirectoryOf(layer.Source, isFile: layer.Source == path)
                : null;

        // The models the layers register decide the reference, and so which keys are known; plug-ins load from absolute paths.
        var shared = Merge(SystemModels.SharedReference, layers);
        var models = SystemModels.Resolve(ScenarioPaths.Resolve(shared, ScenarioPaths.SharedKeys, DirectoryOf).WithFallback(shared), SourceOf, systems ?? [], loadPlugins: true);
        foreach (var (source, config) in layers)
        {
            CheckKeys(source, config, models.KnownKeys, [.. models.SelectMany(m => m.NamedBlocks)]);
            AkkaKeys.Check(source, config);
        }

        var merged = Merge(models.Reference, layers);
        merged = ScenarioPaths.Resolve(merged, [.. ScenarioPaths.SharedKeys, .. models.SelectMany(m => m.PathKeys)], DirectoryOf).WithFallback(merged);
        return new Scenario(path ?? DefaultName, merged, DdloSettings.Create(merged, SourceOf, models), SourceOf);
    }

    private static Config Merge(Config reference, List<(string Source, Config Config)> layers)
    {
        var merged = reference;
        foreach (var (_, config) in layers)
        {
            merged = config.WithFallback(merged);
        }

        return merged;
    }

    /// <summary>Every leaf key under <c>ddlo</c> in reference.conf and the blocks of the models it registers.</summary>
    public static IReadOnlyList<string> KnownKeys => SystemModels.BuiltIn.KnownKeys;

    private const string PolicyOptionsPrefix = Plugins.PolicyPlugins.OptionsKey + ".";

    private const string ModelsPrefix = SystemModels.Key + ".";

    private static readonly Lazy<Scenario> DefaultScenario = new(() => Load(null));

    private static string ReadFile(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw ScenarioException.For(path, null, "scenario file not found.");

    private static Config ParseText(string text, string path) => HoconStructure.Parse(text, path);

    private static Config ParseOverride(string pair, string source)
    {
        int equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw ScenarioException.For(source, null, "expected key=value, for example --set ddlo.system.devices=4.");
        }

        string key = pair[..equals].Trim();
        string value = pair[(equals + 1)..].Trim();
        if (!key.StartsWith("ddlo.", StringComparison.Ordinal) && !key.StartsWith("akka.", StringComparison.Ordinal))
        {
            key = "ddlo." + key;
        }

        // An address (127.0.0.1:50070, http://host:port) is not valid unquoted HOCON (':' separates, '//' starts a
        // comment): a bare value with one of them, and nothing a list or object would hold, is taken as the string it is.
        if (value.Length > 0 && value.IndexOfAny(['"', '{', '}', '[', ']', ',', '#', ' ', '=']) < 0 && value.IndexOfAny([':', '/']) >= 0)
        {
            value = System.Text.Json.JsonSerializer.Serialize(value);
        }

        return HoconStructure.Parse($"{key} = {value}", source, key);
    }

    private static void CheckKeys(string source, Config config, IReadOnlyList<string> knownKeys, IReadOnlyList<string> namedBlocks)
    {
        foreach (string key in LeafKeys(config))
        {
            // ddlo.policies.* belong to plug-in policies, which check their own keys when they are configured; a
            // ddlo.system.models.* entry registers a model, checked as the models are resolved; a model's named blocks
            // (MUMT's device classes) are checked as the model reads them.
            if (key.StartsWith("akka.", StringComparison.Ordinal) || key.StartsWith(PolicyOptionsPrefix, StringComparison.Ordinal)
                || key.StartsWith(ModelsPrefix, StringComparison.Ordinal) || namedBlocks.Any(block => key == block || key.StartsWith(block + ".", StringComparison.Ordinal))
                || knownKeys.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            if (!key.StartsWith("ddlo.", StringComparison.Ordinal) && knownKeys.Contains("ddlo." + key, StringComparer.Ordinal))
            {
                throw ScenarioException.For(source, key, $"unknown key: keys in a scenario file start with ddlo. (did you mean 'ddlo.{key}'?).");
            }

            string nearest = knownKeys.MinBy(known => EditDistance(known, key))!;
            throw ScenarioException.For(source, key, key.StartsWith("ddlo.", StringComparison.Ordinal) || key == "ddlo"
                ? $"unknown key (did you mean '{nearest}'?)."
                : $"unknown key: a scenario sets ddlo.* keys (and akka.* for a cluster node); did you mean '{nearest}'?");
        }
    }

    /// <summary>Every leaf key of <paramref name="config"/>, dotted (<c>ddlo.system.devices</c>), in the file's order.</summary>
    public static IReadOnlyList<string> LeafKeys(Config config)
    {
        if (config.IsEmpty)
        {
            return [];
        }

        var keys = new List<string>();
        Collect(config.Root, string.Empty, keys);
        return keys;
    }

    private static void Collect(Akka.Configuration.Hocon.HoconValue value, string prefix, List<string> keys)
    {
        if (value.IsObject())
        {
            foreach (var (name, child) in value.GetObject().Items)
            {
                Collect(child, prefix.Length == 0 ? name : $"{prefix}.{name}", keys);
            }
        }
        else
        {
            keys.Add(prefix);
        }
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
