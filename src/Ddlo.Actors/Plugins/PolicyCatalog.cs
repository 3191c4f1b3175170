using System.Collections.Concurrent;
using Ddlo.Core.Policies;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Plugins;

/// <summary>
/// The policies the loaded plug-ins offer, by their <c>Name</c>. A name is only known from an instance, so each public
/// policy type is built once per process and system model (under the start timeout, as any plug-in start is) and asked
/// its name; a type that cannot be built or named is kept aside, to be named by its type name (which says why).
/// </summary>
internal static class PolicyCatalog
{
    private static readonly ConcurrentDictionary<(Type Type, string Model), Lazy<Entry>> Asked = new();

    /// <summary>A plug-in policy type and its name, or null when it could not be built or named (or named itself wrongly).</summary>
    public sealed record Entry(Type Type, string? Name);

    /// <summary>The type of the plug-in policy named <paramref name="name"/>, or a <see cref="PluginException"/> that lists those there are.</summary>
    public static Type Find(string name, ISystemModel model, int seed, TimeSpan? timeout)
    {
        var entries = Of(model, seed, timeout);
        var named = entries.Where(e => e.Name == name).ToList();
        return named switch
        {
            [var one] => one.Type,
            [] => throw Unknown(name, model, entries),
            _ => throw new PluginException(PolicyPlugins.PolicyKey,
                $"the plug-in policies {string.Join(" and ", named.Select(e => e.Type.FullName))} both name themselves '{name}'; name the one you mean by its type name."),
        };
    }

    /// <summary>
    /// The line for a policy that is neither one of <paramref name="model"/>'s nor a plug-in's: the built-ins, the
    /// plug-in policies that loaded (or how to load some), and the plug-in types whose names could not be read.
    /// </summary>
    public static PluginException Unknown(string policy, ISystemModel model, int seed, TimeSpan? timeout) =>
        Unknown(policy, model, Of(model, seed, timeout));

    private static PluginException Unknown(string policy, ISystemModel model, IReadOnlyList<Entry> entries)
    {
        string builtIns = string.Join(", ", new[] { Configuration.RunSettings.LearnedPolicy }.Concat(model.Baselines).Append(Configuration.RunSettings.OnnxPolicy).Append(Configuration.RunSettings.RemotePolicy).Distinct());
        string start = $"unknown policy '{policy}' for the {model.Name} model; expected one of: {builtIns}";
        if (!PolicyPlugins.LoadedAssemblies.Any())
        {
            return new PluginException(PolicyPlugins.PolicyKey, $"{start}; no plug-in is loaded (list plug-in assemblies in {PolicyPlugins.PluginsKey} to name their policies by Name or type name).");
        }

        var known = entries.Where(e => e.Name is not null).OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => $"{e.Name} ({e.Type.FullName})").ToList();
        var unnamed = entries.Where(e => e.Name is null).Select(e => e.Type.FullName).Order(StringComparer.Ordinal).ToList();
        string plugins = known.Count == 0
            ? $"; the plug-ins ({string.Join(", ", PolicyPlugins.LoadedAssemblies.Select(a => Path.GetFileName(a.Location)))}) offer no policy by name"
            : $", or a plug-in: {string.Join(", ", known)}";
        string aside = unnamed.Count == 0 ? string.Empty : $" (not usable by name: {string.Join(", ", unnamed)}; name one by its type name to see why)";
        return new PluginException(PolicyPlugins.PolicyKey, $"{start}{plugins}{aside}.");
    }

    /// <summary>Every public policy type of the loaded plug-ins with its name, each asked once per process and model, all at once.</summary>
    private static Entry[] Of(ISystemModel model, int seed, TimeSpan? timeout)
    {
        var asking = PolicyPlugins.PolicyTypes(PolicyPlugins.LoadedAssemblies)
            .Select(type => (Key: (type, model.Name), Lazy: Asked.GetOrAdd((type, model.Name), key => new Lazy<Entry>(() => Ask(key.Type, model, seed, timeout)))))
            .ToList();
        // Together: a type that never answers costs one timeout, not one per type after it.
        var entries = Task.WhenAll(asking.Select(a => Task.Run(() => a.Lazy.Value))).GetAwaiter().GetResult();
        // Only a name is kept: a start that failed or was slow this time (a cold start, a scenario's N it refuses) is asked again.
        foreach (var (key, lazy) in asking.Where(a => a.Lazy.Value.Name is null))
        {
            Asked.TryRemove(new KeyValuePair<(Type, string), Lazy<Entry>>(key, lazy));
        }

        return entries;
    }

    private static Entry Ask(Type type, ISystemModel model, int seed, TimeSpan? timeout)
    {
        Entry Probe()
        {
            IOffloadingPolicy? policy = null;
            try
            {
                policy = PolicyPlugins.Construct(type, model, seed);
                string name = PolicyPlugins.NameOf(policy);
                return new Entry(type, PolicyPlugins.IsValidName(name) ? name : null);
            }
            catch (PluginException)
            {
                // Named by its type, the same start says what is wrong, in the user's terms; here it is only kept aside.
                return new Entry(type, null);
            }
            finally
            {
                Release(policy);
            }
        }

        if (timeout is not { } limit)
        {
            return Probe();
        }

        // A background thread, as for any plug-in start: a constructor that never returns holds it, not the caller.
        var probing = Task.Factory.StartNew(Probe, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return probing.Wait(limit) ? probing.Result : new Entry(type, null);
    }

    /// <summary>The probe's instance goes; a Dispose that throws is the plug-in's fault, and only costs it its name.</summary>
    private static void Release(IOffloadingPolicy? policy)
    {
        try
        {
            (policy as IDisposable)?.Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            System.Diagnostics.Trace.TraceWarning($"{policy!.GetType().FullName}.Dispose threw {e.GetType().Name} after its name was asked: {e.Message}");
        }
    }
}
