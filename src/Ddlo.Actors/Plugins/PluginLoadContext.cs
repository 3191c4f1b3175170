using System.Reflection;
using System.Runtime.Loader;

namespace Ddlo.Actors.Plugins;

/// <summary>
/// The load context of one plug-in assembly. The plug-in's own dependencies load here, from beside it; every assembly
/// the simulator itself ships (Ddlo.Core, the framework, ...) is shared with the default context, so the plug-in's
/// <see cref="Ddlo.Core.Policies.IOffloadingPolicy"/> is the simulator's type and not a look-alike copy.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly string directory;
    private readonly AssemblyDependencyResolver? resolver;

    public PluginLoadContext(string path)
        : base($"ddlo-plugin:{Path.GetFileName(path)}")
    {
        directory = Path.GetDirectoryName(path)!;
        try
        {
            resolver = new AssemblyDependencyResolver(path);
        }
        catch (InvalidOperationException)
        {
            // No .deps.json beside the plug-in: its dependencies are looked for in its folder.
            resolver = null;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsShared(assemblyName))
        {
            return null;
        }

        string? path = resolver?.ResolveAssemblyToPath(assemblyName) ?? Beside(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        resolver?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    /// <summary>Loaded by the simulator already, or shipped beside it: the default context loads it, once for everyone.</summary>
    private static bool IsShared(AssemblyName name) =>
        Default.Assemblies.Any(a => string.Equals(a.GetName().Name, name.Name, StringComparison.OrdinalIgnoreCase))
        || File.Exists(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll"));

    private string? Beside(AssemblyName name)
    {
        string path = Path.Combine(directory, name.Name + ".dll");
        return File.Exists(path) ? path : null;
    }
}
