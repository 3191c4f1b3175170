using System.Collections.Concurrent;
using Akka.Actor;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Farm;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Results;

namespace Ddlo.Hosting.Tests.Cluster;

/// <summary>
/// A run farm on a real two-node cluster over TCP on 127.0.0.1: the runs it spreads give the records this process
/// gives, and a node that leaves mid-run has its runs re-run on the other.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RunFarmClusterSpecs
{
    private static Scenario Run(int seed, int steps) => Scenario.Load(null, [$"ddlo.run.steps={steps}", $"ddlo.run.seed={seed}", "ddlo.learning.dnn-count=2"]);

    private static async Task<(ClusterNode First, ClusterNode Second)> TwoNodesAsync()
    {
        int port = LoopbackPorts.FindFree();
        var first = await ClusterNode.StartAsync(Scenario.Default, NodeOptions.ForExperiment("127.0.0.1", port, [], TimeSpan.FromSeconds(60)));
        var second = await ClusterNode.StartAsync(Scenario.Default, new NodeOptions(["runs"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], TimeSpan.FromSeconds(60)));
        return (first, second);
    }

    [Fact]
    public async Task Should_give_the_records_this_process_gives_with_runs_on_both_nodes()
    {
        var (first, second) = await TwoNodesAsync();
        await using var firstNode = first;
        await using var secondNode = second;
        using var farm = RunFarmPool.Start(first.System);
        await farm.WaitForNodesAsync(2, TimeSpan.FromSeconds(60));
        var scenarios = Enumerable.Range(1, 4).Select(seed => Run(seed, 300)).ToList();

        var farmed = await Task.WhenAll(scenarios.Select(s => farm.RunAsync(s, CancellationToken.None)));

        for (int i = 0; i < scenarios.Count; i++)
        {
            var local = await SimulationRunner.RunAsync(scenarios[i]);
            Assert.Equal(RunDigest.Of(local), RunDigest.Of(farmed[i]));
            Assert.Equal(local.Losses.ToArray(), farmed[i].Losses.ToArray());
            Assert.Equal(local.NetworkWeights.Keys, farmed[i].NetworkWeights.Keys);
            Assert.All(local.NetworkWeights, w => Assert.Equal(w.Value.ToArray(), farmed[i].NetworkWeights[w.Key].ToArray()));
        }

        Assert.Equal([first.Address, second.Address], farm.FinishedByNode.Keys.OrderBy(a => a == first.Address ? 0 : 1));
        Assert.Equal(scenarios.Count, farm.FinishedByNode.Values.Sum());
    }

    [Fact]
    public async Task Should_rerun_on_the_other_node_the_runs_of_a_node_that_leaves_mid_run()
    {
        var (first, second) = await TwoNodesAsync();
        await using var firstNode = first;
        var startedOnSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var events = new ConcurrentQueue<FarmEvent>();
        using var farm = RunFarmPool.Start(first.System, e =>
        {
            events.Enqueue(e);
            if (e.Kind == FarmEventKind.Started && e.Node == second.Address)
            {
                startedOnSecond.TrySetResult();
            }
        });
        await farm.WaitForNodesAsync(2, TimeSpan.FromSeconds(60));
        var scenarios = Enumerable.Range(1, 3).Select(seed => Run(seed, 4000)).ToList();

        var running = scenarios.Select(s => farm.RunAsync(s, CancellationToken.None)).ToList();
        await startedOnSecond.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await second.DisposeAsync();
        var farmed = await Task.WhenAll(running).WaitAsync(TimeSpan.FromMinutes(3));

        var lost = Assert.Single(events, e => e.Kind == FarmEventKind.Lost);
        Assert.Equal(second.Address, lost.Node);
        Assert.NotEmpty(lost.Runs);
        Assert.All(lost.Runs, id => Assert.Contains(events, e => e.Kind == FarmEventKind.Finished && e.Run == id && e.Node == first.Address));
        for (int i = 0; i < scenarios.Count; i++)
        {
            Assert.Equal(RunDigest.Of(await SimulationRunner.RunAsync(scenarios[i])), RunDigest.Of(farmed[i]));
        }
    }
}
