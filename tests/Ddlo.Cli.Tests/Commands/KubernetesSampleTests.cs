using System.Text.RegularExpressions;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// samples/kubernetes cannot run here (no container runtime); what can be checked here is that every option its
/// manifests give <c>ddlo node</c> is one this build's <c>ddlo node</c> accepts, and that the image runs the command
/// line the build makes.
/// </summary>
public sealed partial class KubernetesSampleTests
{
    [Fact]
    public void Should_give_ddlo_node_only_options_it_accepts()
    {
        string manifest = File.ReadAllText(Path.Combine("samples", "kubernetes", "ddlo.yaml"));
        var help = DdloProcess.Run("node", "--help");

        Assert.Equal(0, help.ExitCode);
        var used = Option().Matches(manifest).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Superset(new HashSet<string> { "--role", "--hostname", "--port", "--discovery", "--join-timeout", "--management-port", "--resume", "--out", "--scenario", "--set" }, used.ToHashSet());
        Assert.All(used, option => Assert.Contains(option, help.Stdout, StringComparison.Ordinal));
        // Every node bootstraps through the Kubernetes API, which its service account may read pods from: no seed.
        Assert.DoesNotContain("--seed", manifest, StringComparison.Ordinal);
        string resources = string.Join('\n', manifest.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));
        Assert.Equal(2, Regex.Count(resources, "--discovery[= ]kubernetes"));
        Assert.Equal(2, Regex.Count(manifest, "serviceAccountName: ddlo"));
        Assert.Contains("resources: [pods]", manifest, StringComparison.Ordinal);
        Assert.Contains("verbs: [get, list, watch]", manifest, StringComparison.Ordinal);
        // The scenario the edge pod runs ships in the image (COPY hocon).
        Assert.Contains("/app/hocon/scenarios/paper-3x3.conf", manifest, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine("hocon", "scenarios", "paper-3x3.conf")));
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/ddlo.dll\"]", File.ReadAllText(Path.Combine("samples", "kubernetes", "Dockerfile")), StringComparison.Ordinal);
    }

    /// <summary>cells.yaml: the map's cells on a StatefulSet of `cells` nodes, the clock and devices on the edge pod.</summary>
    [Fact]
    public void Should_run_the_maps_cells_on_a_stateful_set_of_cells_nodes_with_options_ddlo_node_accepts()
    {
        string manifest = File.ReadAllText(Path.Combine("samples", "kubernetes", "cells.yaml"));
        var help = DdloProcess.Run("node", "--help");

        var used = Option().Matches(manifest).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.All(used, option => Assert.Contains(option, help.Stdout, StringComparison.Ordinal));
        // The help wraps its column: its words, not its lines.
        Assert.Contains("cells: host copies of a map's learner", Regex.Replace(help.Stdout, @"\s+", " "), StringComparison.Ordinal);
        Assert.DoesNotContain("--seed", manifest, StringComparison.Ordinal);
        Assert.Contains("name: ddlo-cells", manifest, StringComparison.Ordinal);
        Assert.Contains("- --role=cells", manifest, StringComparison.Ordinal);
        Assert.Contains("--role edge ", manifest, StringComparison.Ordinal);
        // The edge waits for both cells pods, and the map has a copy of the learner for each.
        Assert.Equal(2, Regex.Count(manifest, @"akka\.cluster\.role\.cells\.min-nr-of-members=2"));
        Assert.Contains("replicas: 2", manifest, StringComparison.Ordinal);
        Assert.Contains("--set topology.learner-copies=2", manifest, StringComparison.Ordinal);
        Assert.Contains("/app/hocon/scenarios/city-16-cells.conf", manifest, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine("hocon", "scenarios", "city-16-cells.conf")));
    }

    [GeneratedRegex(@"(?<![\w-])(--[a-z][a-z-]+)")]
    private static partial Regex Option();
}
