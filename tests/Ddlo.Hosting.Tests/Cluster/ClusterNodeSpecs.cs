using System.Net.Http;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Serialization;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Hosting.Tests.Cluster;

/// <summary>ClusterNode as a program of your own uses it, with no command line: real nodes over TCP on 127.0.0.1.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ClusterNodeSpecs
{
    [Fact]
    public async Task Should_form_a_cluster_through_cluster_bootstrap_with_no_seed_and_no_command_line()
    {
        var scenario = Scenario.Load(null, ["ddlo.run.steps=200", "ddlo.learning.dnn-count=2"]);
        int[] management = [LoopbackPorts.FindFree(), LoopbackPorts.FindFree()];
        while (management[1] == management[0])
        {
            management[1] = LoopbackPorts.FindFree();
        }

        string[] contactPoints = [.. management.Select(port => $"127.0.0.1:{port}")];
        NodeOptions Options(string role, int port) => new([role], "127.0.0.1", 0, [], TimeSpan.FromSeconds(60))
        {
            Discovery = "config",
            ContactPoints = [.. contactPoints],
            ManagementPort = port,
        };

        var edgeLaunch = ClusterNode.LaunchAsync(scenario, Options("all", management[0]));
        var learnerLaunch = ClusterNode.LaunchAsync(scenario, Options("learner", management[1]));
        await using var edge = await edgeLaunch;
        await using var learner = await learnerLaunch;
        await Task.WhenAll(edge.JoinAsync(), learner.JoinAsync());

        // Each node serves its own contact point and health checks: nothing but the library answers these.
        using var http = new HttpClient();
        foreach (int port in management)
        {
            string seedNodes = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/bootstrap/seed-nodes"));
            Assert.Contains("127.0.0.1", seedNodes, StringComparison.Ordinal);
            var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Equal(2, edge.Cluster.State.Members.Count);
        // The hosted nodes bind the protocol to its own serializer, as a direct ActorSystem does (one HOCON for both).
        Assert.All(new[] { edge, learner }, node =>
            Assert.IsType<DdloMessageSerializer>(node.System.Serialization.FindSerializerForType(typeof(Ddlo.Actors.Messages.StartSlot))));
        var record = await edge.RunSimulationAsync(scenario);
        var single = await SimulationRunner.RunAsync(scenario);
        Assert.Equal(single.Steps.Select(s => (s.Q, s.Winner)), record.Steps.Select(s => (s.Q, s.Winner)));
        await edge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
        await learner.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
