using System.Globalization;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>A Python policy on a real loopback cluster: the learner node hosts the proposer and calls the policy server.</summary>
[Collection(TimingSensitive.Name)]
public sealed class RemotePolicyClusterTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-remote-node-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_decide_every_slot_by_the_python_policy_from_a_learner_node()
    {
        using var policy = PythonPolicy.Start("--fixed", "0.75", "--name", "py-fixed");
        int port = LoopbackPorts.FindFree();
        using var learner = DdloProcess.Start("node", "--role", "learner", "--seed", $"127.0.0.1:{port}", "--join-timeout", "60");
        using var edge = DdloProcess.Start(
            "node", "--role", "edge,solver,devices", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}",
            "--steps", "200", "--set", "run.policy=remote", "--set", $"remote-policy.address={policy.Address}",
            "--set", "akka.cluster.role.learner.min-nr-of-members=1", "--out", output, "--json", "--join-timeout", "60");

        var result = edge.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("py-fixed", result.Json.GetProperty("policy").GetString());
        Assert.Equal(200, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(0, result.Json.GetProperty("degraded_slots").GetInt64());
        Assert.Equal(0, learner.WaitForExit(TimeSpan.FromSeconds(60)).ExitCode);
        Assert.Equal((200, 0), policy.Finish());
    }
}
