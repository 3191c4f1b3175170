using Ddlo.Actors.Configuration;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Hosting.Tests.Cluster;

/// <summary>A loopback cluster whose learners are nodes in this process, as a program without the command line starts one.</summary>
[Collection(TimingSensitive.Name)]
public sealed class LoopbackClusterSpecs
{
    [Fact]
    public async Task Should_run_with_learners_in_this_process_decide_as_one_node_and_stop_them_all_when_disposed()
    {
        Scenario Load(string[] extra) => Scenario.Load(null, ["ddlo.run.steps=200", "ddlo.learning.dnn-count=2", .. extra]);
        var single = await SimulationRunner.RunAsync(Load([]));

        var cluster = await LoopbackCluster.StartAsync(["edge", "solver"], learnerCount: 2, Load, learnerProcess: null, CancellationToken.None);
        var record = await cluster.Node.RunSimulationAsync(Load([]));
        int members = cluster.Node.Cluster.State.Members.Count;
        await cluster.DisposeAsync();

        Assert.Equal(3, members);
        Assert.Equal(single.Steps.Select(s => (s.Q, s.Winner)), record.Steps.Select(s => (s.Q, s.Winner)));
        Assert.True(cluster.Node.System.WhenTerminated.IsCompleted, "the edge node still runs");
    }
}
