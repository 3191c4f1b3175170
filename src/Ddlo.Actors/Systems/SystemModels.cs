using System.Collections;
using System.Reflection;
using Akka.Configuration;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Plugins;

namespace Ddlo.Actors.Systems;

/// <summary>
/// The system models a scenario may name, read from <c>ddlo.system.models</c> (reference.conf lists MUMT, WPMEC and
/// LyDROO; a scenario adds its own as <c>ddlo.system.models.NAME = "Namespace.Type, Assembly"</c>) and from the
/// definitions a program passes to <see cref="Scenario.Load(string?, IEnumerable{string}?, IEnumerable{ISystemDefinition})"/>,
/// with the reference configuration they compose: the shared reference.conf, then each model's own block.
/// </summary>
/// <remarks>
/// One per scenario, built when it loads; nothing is registered process-wide, so two scenarios with different models
/// do not see each other's.
/// </remarks>
public sealed class SystemModels : IReadOnlyList<ISystemDefinition>
{
    /// <summary>The block that registers the models, one type name per model name.</summary>
    public const string Key = "ddlo.system.models";

    private const string ModelKey = "ddlo.system.model";
    private const string SharedResource = "Ddlo.Actors.reference.conf";

    private static readonly Lazy<Config> Shared = new(() => ConfigurationFactory.ParseString(ReadResource(typeof(SystemModels).Assembly, SharedResource)));
    private static readonly Lazy<SystemModels> BuiltInModels = new(() => Resolve(Shared.Value, _ => Scenario.ReferenceSource, [], loadPlugins: false));

    private readonly IReadOnlyList<ISystemDefinition> definitions;
    private readonly Dictionary<string, ISystemDefinition> byName;
    private readonly Dictionary<ISystemDefinition, IReadOnlyList<string>> keys;

    private SystemModels(IReadOnlyList<ISystemDefinition> definitions, Dictionary<ISystemDefinition, IReadOnlyList<string>> keys, Config reference)
    {
        this.definitions = definitions;
        this.keys = keys;
        byName = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
        Reference = reference;
        KnownKeys = [.. Scenario.LeafKeys(reference).Where(k => k.StartsWith("ddlo.", StringComparison.Ordinal))];
    }

    /// <summary>The models reference.conf registers (MUMT, WPMEC, LyDROO), and the reference configuration they compose.</summary>
    public static SystemModels BuiltIn => BuiltInModels.Value;

    /// <summary>The shared reference.conf alone, before any model's block.</summary>
    internal static Config SharedReference => Shared.Value;

    /// <summary>The reference configuration: the shared reference.conf and every model's block.</summary>
    public Config Reference { get; }

    /// <summary>Every leaf key under <c>ddlo</c> of <see cref="Reference"/>.</summary>
    public IReadOnlyList<string> KnownKeys { get; }

    /// <summary>
    /// Whether <paramref name="key"/> is a setting a scenario may give: one of <see cref="KnownKeys"/>, or a key in a
    /// model's named block (MUMT's <c>ddlo.device-classes.NAME.KEY</c>), which the model checks as it reads it.
    /// </summary>
    public bool IsSetting(string key) =>
        KnownKeys.Contains(key, StringComparer.Ordinal) || definitions.Any(d => d.NamedBlocks.Any(block => key.StartsWith(block + ".", StringComparison.Ordinal)));

    /// <summary>The model a scenario that does not name one runs (<c>ddlo.system.model</c> in reference.conf).</summary>
    public ISystemDefinition Default => byName[Reference.GetString(ModelKey)];

    public int Count => definitions.Count;

    public ISystemDefinition this[int index] => definitions[index];

    /// <summary>The model named <paramref name="name"/>, or null.</summary>
    public ISystemDefinition? Find(string? name) => name is not null && byName.TryGetValue(name, out var definition) ? definition : null;

    /// <summary>The models by name, in the order they are registered, for <see cref="ConfigReader.Choice{T}"/>.</summary>
    internal IReadOnlyDictionary<string, ISystemDefinition> ByName => definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The keys <paramref name="definition"/>'s block sets: its own.</summary>
    public IReadOnlyList<string> KeysOf(ISystemDefinition definition) => keys[definition];

    public IEnumerator<ISystemDefinition> GetEnumerator() => definitions.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The text of an embedded resource: a definition's reference block.</summary>
    public static string ReadResource(Assembly assembly, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The HOCON that registers <paramref name="definitions"/> by their type names, so that another node can build them too.</summary>
    internal static Config Registration(IEnumerable<ISystemDefinition> definitions) =>
        ConfigurationFactory.ParseString(string.Join('\n', definitions.Select(d =>
            $"{Key}.\"{d.Name}\" = \"{d.GetType().FullName}, {d.GetType().Assembly.GetName().Name}\"")));

    /// <summary>
    /// The models <paramref name="config"/> registers (<paramref name="given"/> used for their names), each checked, and
    /// the reference configuration they compose; a problem throws a <see cref="ScenarioException"/> naming the key.
    /// </summary>
    /// <param name="config">The scenario's layers over the shared reference.conf.</param>
    /// <param name="sourceOf">Where a key was set, for messages.</param>
    /// <param name="given">Definitions a program passed, by name.</param>
    /// <param name="loadPlugins">
    /// Load the assemblies of <c>ddlo.plugins</c> to look for a type in (a scenario loaded here); false for settings
    /// another node sent, whose types come from this node's own assemblies and plug-ins.
    /// </param>
    internal static SystemModels Resolve(Config config, Func<string, string> sourceOf, IReadOnlyList<ISystemDefinition> given, bool loadPlugins)
    {
        var value = config.GetValue(Key);
        if (value is null || !value.IsObject())
        {
            throw ScenarioException.For(sourceOf(Key), Key, "expected a block of model names and definition types, such as models { toy = \"MyLab.ToyDefinition, MyLab\" }.");
        }

        var definitions = new List<ISystemDefinition>();
        foreach (var (name, entry) in value.GetObject().Items)
        {
            string key = $"{Key}.{name}";
            var definition = given.FirstOrDefault(d => d.Name == name) ?? Create(config, key, entry, sourceOf, loadPlugins);
            if (definition.Name != name)
            {
                throw ScenarioException.For(sourceOf(key), key, $"{definition.GetType().FullName} defines the model '{definition.Name}'; register it under its name: {Key}.{definition.Name}.");
            }

            definitions.Add(definition);
        }

        return Compose(definitions, sourceOf);
    }

    /// <summary>The reference configuration: the shared reference.conf, then each model's block, whose keys must be its own.</summary>
    private static SystemModels Compose(List<ISystemDefinition> definitions, Func<string, string> sourceOf)
    {
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in Scenario.LeafKeys(Shared.Value))
        {
            claimed[key] = "the shared reference.conf";
        }

        var keys = new Dictionary<ISystemDefinition, IReadOnlyList<string>>();
        var text = new List<string> { ReadResource(typeof(SystemModels).Assembly, SharedResource) };
        foreach (var definition in definitions)
        {
            string key = $"{Key}.{definition.Name}";
            string block = definition.ReferenceConfig ?? string.Empty;
            var own = Scenario.LeafKeys(HoconStructure.Parse(block, $"{sourceOf(key)}: {key} ({definition.GetType().FullName}.ReferenceConfig)"));
            if (own.FirstOrDefault(k => !k.StartsWith("ddlo.", StringComparison.Ordinal) || claimed.ContainsKey(k)) is { } taken)
            {
                throw ScenarioException.For(sourceOf(key), key, claimed.TryGetValue(taken, out string? owner)
                    ? $"{definition.GetType().FullName} sets {taken}, which {owner} sets already; a model's block holds keys of its own."
                    : $"{definition.GetType().FullName} sets {taken}; a model's block holds ddlo.* keys of its own.");
            }

            foreach (string k in own)
            {
                claimed[k] = $"the {definition.Name} model's block";
            }

            keys[definition] = own;
            text.Add(block);
        }

        return new SystemModels(definitions, keys, ConfigurationFactory.ParseString(string.Join('\n', text)));
    }

    private static ISystemDefinition Create(Config config, string key, Akka.Configuration.Hocon.HoconValue entry, Func<string, string> sourceOf, bool loadPlugins)
    {
        string? typeName = entry.IsString() ? entry.GetString() : null;
        if (string.IsNullOrWhiteSpace(typeName))
        {
            throw ScenarioException.For(sourceOf(key), key, "expected the type name of a system definition, such as \"MyLab.ToyDefinition, MyLab\".");
        }

        var type = FindType(typeName) ?? FindInPlugins(config, typeName, sourceOf, loadPlugins)
            ?? throw ScenarioException.For(sourceOf(key), key,
                $"no type '{typeName}'; name a system definition as \"Namespace.Type, Assembly\", its assembly beside ddlo or listed in {PolicyPlugins.PluginsKey}.");
        if (!typeof(ISystemDefinition).IsAssignableFrom(type))
        {
            throw ScenarioException.For(sourceOf(key), key, $"{type.FullName} is not a system definition (it does not implement {typeof(ISystemDefinition).FullName}).");
        }

        if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is not { } constructor)
        {
            throw ScenarioException.For(sourceOf(key), key, $"{type.FullName} needs a public parameterless constructor, and must not be abstract.");
        }

        try
        {
            return (ISystemDefinition)constructor.Invoke([]);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw ScenarioException.For(sourceOf(key), key, $"the constructor of {type.FullName} threw {inner.GetType().Name}: {HoconStructure.OneLine(inner.Message)}");
        }
    }

    /// <summary>The type named (with its assembly, or in Ddlo.Actors), or null; a malformed name finds nothing.</summary>
    private static Type? FindType(string typeName)
    {
        try
        {
            return Type.GetType(typeName, throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or IOException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }

    /// <summary>The type in a plug-in assembly: those of <c>ddlo.plugins</c> (loaded now, for a local scenario) and any loaded before.</summary>
    private static Type? FindInPlugins(Config config, string typeName, Func<string, string> sourceOf, bool loadPlugins)
    {
        string[] parts = typeName.Split(',', 2, StringSplitOptions.TrimEntries);
        if (loadPlugins)
        {
            try
            {
                PolicyPlugins.Load(PluginPaths(config));
            }
            catch (PluginException e)
            {
                throw ScenarioException.For(sourceOf(e.Key), e.Key, e.Problem);
            }
        }

        return PolicyPlugins.LoadedAssemblies
            .Where(a => parts.Length == 1 || string.Equals(a.GetName().Name, parts[1], StringComparison.OrdinalIgnoreCase))
            .Select(a => a.GetType(parts[0], throwOnError: false))
            .FirstOrDefault(t => t is not null);
    }

    /// <summary>The plug-in paths, absolute already (<see cref="ScenarioPaths"/>).</summary>
    private static IEnumerable<string> PluginPaths(Config config)
    {
        const string key = PolicyPlugins.PluginsKey;
        IList<string> paths;
        try
        {
            paths = config.GetStringList(key);
        }
        catch (Exception e) when (e is ConfigurationException or InvalidCastException or FormatException or NullReferenceException)
        {
            return [];
        }

        return paths.Select(path => Path.GetFullPath(path));
    }
}
