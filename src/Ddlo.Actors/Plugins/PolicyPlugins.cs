using System.Collections.Concurrent;
using System.Reflection;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Plugins;

/// <summary>
/// Policies from plug-in assemblies (<c>ddlo.plugins</c>), by their <c>Name</c> (<c>greedy</c>, see
/// <see cref="PolicyCatalog"/>) or by type name (<c>MyLab.GreedyPolicy</c> or <c>MyLab.GreedyPolicy, MyLab</c>). Each assembly loads once per process, into its own
/// <see cref="PluginLoadContext"/>; a node loads the assemblies its own settings list, and a policy type is looked for
/// in every plug-in the process has loaded. Every failure is a <see cref="PluginException"/> naming the key, the file
/// or type, and what is wrong.
/// </summary>
public static class PolicyPlugins
{
    public const string PluginsKey = "ddlo.plugins";
    public const string PolicyKey = "ddlo.run.policy";
    public const string OptionsKey = "ddlo.policies";

    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Loaded = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="policy"/> names a type (it has a dot), not a built-in policy.</summary>
    public static bool IsTypeName(string policy) => policy.Contains('.', StringComparison.Ordinal);

    /// <summary>
    /// The policies of a comma-separated list (<c>ddlo,edge,threshold</c>), as given. A type name's assembly stays
    /// with it: ", " after a type name starts its assembly (<c>MyLab.GreedyPolicy, MyLab</c>), where "," alone starts
    /// the next policy.
    /// </summary>
    public static IReadOnlyList<string> ListOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var policies = new List<string>();
        foreach (string part in text.Split(','))
        {
            if (policies.Count > 0 && IsTypeName(policies[^1]) && !policies[^1].Contains(',', StringComparison.Ordinal) && part.StartsWith(' '))
            {
                policies[^1] += "," + part;
            }
            else
            {
                policies.Add(part);
            }
        }

        return [.. policies.Select(p => p.Trim())];
    }

    /// <summary>Loads the assemblies at <paramref name="paths"/> (full paths), each once per process.</summary>
    public static IReadOnlyList<Assembly> Load(IEnumerable<string> paths) =>
        [.. paths.Select(path => Loaded.GetOrAdd(path, p => new Lazy<Assembly>(() => LoadOne(p))).Value)];

    /// <summary>
    /// <paramref name="policy"/>, called outside the actors, with each <c>Decide</c> given <paramref name="deadline"/>:
    /// one that throws, proposes the wrong size or does not answer in time throws a <see cref="PluginException"/>.
    /// </summary>
    public static IOffloadingPolicy Guarded(IOffloadingPolicy policy, TimeSpan deadline) => new GuardedPolicy(policy, deadline);

    /// <summary>The plug-in assemblies this process has loaded, where a system definition's type is looked for too.</summary>
    internal static IEnumerable<Assembly> LoadedAssemblies => Loaded.Values.Where(l => l.IsValueCreated).Select(l => l.Value).Distinct();

    /// <summary>
    /// Creates the policy <paramref name="policy"/> (a plug-in policy's Name, or its type name) from the plug-ins at
    /// <paramref name="paths"/> (and any loaded before), with the run's model and seed, and configures it from <paramref name="optionsFor"/>(its name). Its
    /// constructor, <c>Name</c> and <c>Configure</c> run on a thread of their own and must be done within
    /// <paramref name="timeout"/> (none: no limit).
    /// </summary>
    public static IOffloadingPolicy Create(
        string policy, IEnumerable<string> paths, ISystemModel model, int seed, Func<string, PolicyOptions> optionsFor, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(optionsFor);
        ArgumentNullException.ThrowIfNull(model);
        Load(paths);
        var type = IsTypeName(policy) ? Resolve(policy) : PolicyCatalog.Find(policy, model, seed, timeout);
        if (timeout is not { } limit)
        {
            return Build(type, model, seed, optionsFor);
        }

        // A background thread: a plug-in that never returns holds it, not the caller, and not the process's exit.
        var building = Task.Factory.StartNew(() => Build(type, model, seed, optionsFor), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (Task.WhenAny(building, Task.Delay(limit)).GetAwaiter().GetResult() != building)
        {
            throw new PluginException(PolicyKey, $"{type.FullName} (in {Path.GetFileName(type.Assembly.Location)}) did not finish starting within {limit.TotalSeconds:0.###} s (ddlo.run.plugin-start-timeout): its constructor, Name or Configure does not return.");
        }

        return building.GetAwaiter().GetResult();
    }

    /// <summary>
    /// The line that says <paramref name="policy"/> is neither a policy of <paramref name="model"/> nor one the loaded
    /// plug-ins offer, listing both (the plug-ins' policies are built, as for a name, to ask theirs).
    /// </summary>
    public static PluginException UnknownPolicy(string policy, ISystemModel model, int seed, TimeSpan? timeout) =>
        PolicyCatalog.Unknown(policy, model, seed, timeout);

    /// <summary>Whether a plug-in policy may call itself <paramref name="name"/>: non-empty, no dots, not a built-in policy's name.</summary>
    internal static bool IsValidName(string? name) => !string.IsNullOrWhiteSpace(name) && !IsTypeName(name) && !BuiltIn(name);

    private static IOffloadingPolicy Build(Type type, ISystemModel model, int seed, Func<string, PolicyOptions> optionsFor)
    {
        var policy = Construct(type, model, seed);
        string name = NameOf(policy);
        if (!IsValidName(name))
        {
            throw new PluginException(PolicyKey, $"{type.FullName}.Name is '{name}'; a policy's name must be non-empty, without dots, and not a built-in policy's ({string.Join(", ", BuiltInNames)}).");
        }

        Configure(policy, optionsFor(name));
        return policy;
    }

    private static IReadOnlyList<string> BuiltInNames => Configuration.RunSettings.BuiltInPolicies;

    private static bool BuiltIn(string name) => BuiltInNames.Contains(name, StringComparer.Ordinal);

    private static Assembly LoadOne(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginException(PluginsKey, $"{path}: file not found.");
        }

        try
        {
            return new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException)
        {
            throw new PluginException(PluginsKey, $"{path}: not a .NET assembly.");
        }
        catch (FileLoadException e)
        {
            throw new PluginException(PluginsKey, $"{path}: cannot be loaded: {OneLine(e.Message)}");
        }
    }

    private static Type Resolve(string typeName)
    {
        string[] parts = typeName.Split(',', 2, StringSplitOptions.TrimEntries);
        string name = parts[0];
        string? assembly = parts.Length > 1 ? parts[1] : null;
        var assemblies = Loaded.Values.Where(l => l.IsValueCreated).Select(l => l.Value).Distinct().ToList();
        if (assemblies.Count == 0)
        {
            throw new PluginException(PolicyKey, $"'{typeName}' is not a built-in policy ({string.Join(", ", BuiltInNames)}), and no plug-in is loaded: list its assembly in {PluginsKey}.");
        }

        var found = assemblies
            .Where(a => assembly is null || string.Equals(a.GetName().Name, assembly, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.GetType(name, throwOnError: false))
            .OfType<Type>()
            .ToList();
        string searched = string.Join(", ", assemblies.Select(a => Path.GetFileName(a.Location)));
        return found.Count switch
        {
            0 => throw new PluginException(PolicyKey, $"no type '{name}' in the plug-ins ({searched}{(assembly is null ? string.Empty : $"; asked for assembly {assembly}")}).{Offered(assemblies)}"),
            > 1 => throw new PluginException(PolicyKey, $"'{name}' is in several plug-ins ({string.Join(", ", found.Select(t => t.Assembly.GetName().Name))}): name one, as '{name}, {found[0].Assembly.GetName().Name}'."),
            _ => found[0],
        };
    }

    /// <summary>The policy types the plug-ins hold, for the line that says a policy was not found.</summary>
    private static string Offered(IEnumerable<Assembly> assemblies)
    {
        var types = PolicyTypes(assemblies).Select(t => t.FullName).ToList();
        return types.Count == 0 ? " They hold no policy." : $" Their policies: {string.Join(", ", types)}.";
    }

    /// <summary>The public, non-abstract policy types of <paramref name="assemblies"/>, by full name.</summary>
    internal static IEnumerable<Type> PolicyTypes(IEnumerable<Assembly> assemblies) => assemblies
        .SelectMany(Exported)
        .Where(t => typeof(IOffloadingPolicy).IsAssignableFrom(t) && !t.IsAbstract && (t.IsPublic || t.IsNestedPublic))
        .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static IEnumerable<Type> Exported(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            // A type that does not load (a missing dependency) is no policy to offer; the rest still are.
            return e.Types.OfType<Type>();
        }
    }

    internal static IOffloadingPolicy Construct(Type type, ISystemModel model, int seed)
    {
        if (!typeof(IOffloadingPolicy).IsAssignableFrom(type))
        {
            bool lookAlike = type.GetInterfaces().Any(i => i.FullName == typeof(IOffloadingPolicy).FullName);
            throw new PluginException(PolicyKey, lookAlike
                ? $"{type.FullName} implements a different copy of {typeof(IOffloadingPolicy).FullName} (its assembly ships its own Ddlo.Core.dll; reference Ddlo.Core without copying it, Private=false)."
                : $"{type.FullName} does not implement {typeof(IOffloadingPolicy).FullName}.");
        }

        if (!type.IsPublic && !type.IsNestedPublic || type.IsAbstract)
        {
            throw new PluginException(PolicyKey, $"{type.FullName} must be a public, non-abstract class.");
        }

        // Any system: (ISystemModel, int). MUMT only: (MecModel, int), refused by a WPMEC scenario in one line.
        var withSystem = type.GetConstructor([typeof(ISystemModel), typeof(int)]);
        var withMumt = type.GetConstructor([typeof(MecModel), typeof(int)]);
        var withModel = withSystem ?? withMumt;
        var parameterless = type.GetConstructor(Type.EmptyTypes);
        if (withModel is null && parameterless is null)
        {
            throw new PluginException(PolicyKey, $"{type.FullName} needs a public constructor (), (ISystemModel model, int seed) or (MecModel model, int seed).");
        }

        if (withSystem is null && withMumt is not null && model is not MecModel)
        {
            throw new PluginException(PolicyKey, $"{type.FullName} is built for the MUMT model (its constructor takes a MecModel), but ddlo.system.model = {model.Name}; give it a constructor (ISystemModel model, int seed).");
        }

        try
        {
            return (IOffloadingPolicy)(withModel is not null ? withModel.Invoke([model, seed]) : parameterless!.Invoke([]));
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw new PluginException(PolicyKey, $"the constructor of {type.FullName} threw {inner.GetType().Name}: {OneLine(inner.Message)}");
        }
    }

    /// <summary>The policy's <c>Name</c>; a getter that throws is the plug-in's fault, named with its type and assembly.</summary>
    internal static string NameOf(IOffloadingPolicy policy)
    {
        try
        {
            return policy.Name;
        }
        catch (Exception e)
        {
            var type = policy.GetType();
            throw new PluginException(PolicyKey, $"{type.FullName} (in {Path.GetFileName(type.Assembly.Location)}): its Name threw {e.GetType().Name}: {OneLine(e.Message)}");
        }
    }

    private static void Configure(IOffloadingPolicy policy, PolicyOptions options)
    {
        if (policy is not IConfigurablePolicy configurable)
        {
            if (options.Keys.Any())
            {
                throw new PluginException(options.Block, $"the policy '{policy.Name}' takes no settings ({policy.GetType().FullName} does not implement {nameof(IConfigurablePolicy)}).");
            }

            return;
        }

        try
        {
            configurable.Configure(options);
        }
        catch (PolicyOptionException e)
        {
            throw new PluginException(e.Key, e.Problem);
        }
        catch (Exception e) when (e is not PluginException)
        {
            throw new PluginException(options.Block, $"{policy.GetType().FullName}.Configure threw {e.GetType().Name}: {OneLine(e.Message)}");
        }

        if (options.Unread is [var unknown, ..])
        {
            throw new PluginException($"{options.Block}.{unknown}", $"unknown key; the policy '{policy.Name}' does not read it.");
        }
    }

    private static string OneLine(string text) => text.Split('\n', 2)[0].Trim();
}
