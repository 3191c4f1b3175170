using System.Globalization;
using Ddlo.Actors.Cluster;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Cli.Tests;

/// <summary>A plug-in policy on a real loopback cluster: the learner node hosts it from its own ddlo.plugins.</summary>
[Collection(TimingSensitive.Name)]
public sealed class PluginClusterTests(PluginBuild plugin) : IClassFixture<PluginBuild>, IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-plugin-node-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_host_a_plugin_policy_on_a_learner_node_from_its_own_plugins()
    {
        // The learner's own copy, at a path the edge node never names: other nodes do not load the edge's paths.
        string own = Path.Combine(plugin.Directory, "learner-copy");
        Directory.CreateDirectory(own);
        foreach (string file in Directory.GetFiles(Path.GetDirectoryName(plugin.Assembly)!))
        {
            File.Copy(file, Path.Combine(own, Path.GetFileName(file)));
        }

        int port = LoopbackPorts.FindFree();
        using var learner = DdloProcess.Start(
            "node", "--role", "learner", "--seed", $"127.0.0.1:{port}", "--join-timeout", "60", "--set", $"plugins=[\"{Path.Combine(own, "MyLab.Policies.dll")}\"]");
        using var edge = Edge(port);

        var result = edge.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("threshold", result.Json.GetProperty("policy").GetString());
        Assert.Equal(300, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(0, result.Json.GetProperty("degraded_slots").GetInt64());
        Assert.Equal(0, learner.WaitForExit(TimeSpan.FromSeconds(60)).ExitCode);
    }

    [Fact]
    public void Should_end_the_run_in_one_line_when_the_learner_node_has_not_loaded_the_plugin()
    {
        int port = LoopbackPorts.FindFree();
        using var learner = DdloProcess.Start("node", "--role", "learner", "--seed", $"127.0.0.1:{port}", "--join-timeout", "60");
        using var edge = Edge(port);

        var result = edge.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 2, result.ToString());
        string error = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("ddlo: error:", StringComparison.Ordinal));
        Assert.Contains("ddlo.run.policy: 'MyLab.Policies.ThresholdPolicy' is not a built-in policy", error, StringComparison.Ordinal);
        Assert.Contains("no plug-in is loaded", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        // The learner leaves once the edge node has gone.
        Assert.Equal(0, learner.WaitForExit(TimeSpan.FromSeconds(60)).ExitCode);
    }

    private DdloProcess.Running Edge(int port) => DdloProcess.Start(
        "node", "--role", "edge,solver,devices", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}",
        "--steps", "300", "--set", "run.policy=MyLab.Policies.ThresholdPolicy", "--set", $"plugins=[\"{plugin.Assembly}\"]",
        "--set", "akka.cluster.role.learner.min-nr-of-members=1", "--out", output, "--json", "--join-timeout", "60");
}
