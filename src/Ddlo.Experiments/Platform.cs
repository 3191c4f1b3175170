namespace Ddlo.Experiments;

/// <summary>Where the platforms experiment (and <c>ddlo bench platform</c>) runs the loop: one node, or a loopback cluster of n processes.</summary>
public enum Platform
{
    SingleNode,
    Cluster1,
    Cluster2,
    Cluster3,
}

/// <summary>The names users type for each <see cref="Platform"/>, and what each one is.</summary>
public static class PlatformNames
{
    private static readonly Dictionary<string, Platform> ByName = new(StringComparer.Ordinal)
    {
        ["single"] = Platform.SingleNode,
        ["cluster-1"] = Platform.Cluster1,
        ["cluster-2"] = Platform.Cluster2,
        ["cluster-3"] = Platform.Cluster3,
    };

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static bool TryParse(string name, out Platform platform) => ByName.TryGetValue(name, out platform);

    public static string Name(this Platform platform) => ByName.Single(pair => pair.Value == platform).Key;

    /// <summary>Processes of a cluster platform (this one included); 0 for a single node without a cluster.</summary>
    public static int ClusterProcesses(this Platform platform) => platform switch
    {
        Platform.Cluster1 => 1,
        Platform.Cluster2 => 2,
        Platform.Cluster3 => 3,
        _ => 0,
    };
}
