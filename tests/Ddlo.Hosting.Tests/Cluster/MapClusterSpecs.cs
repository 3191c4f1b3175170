using System.Diagnostics.Metrics;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.World;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Hosting.Tests.Cluster;

/// <summary>
/// A map of cells spread over a loopback cluster (real Akka.Cluster over TCP): the learner's copies and their cells on
/// the learner nodes, the clock and the devices on the edge node, with the numbers of the same map on one node.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class MapClusterSpecs
{
    /// <summary>Four cells, 24 fast devices of 2 tasks, two copies of the learner averaged every 2 rounds.</summary>
    private static Scenario Map(string[] extra) => Scenario.Load(null, [
        "ddlo.system.devices=24", "ddlo.system.tasks-per-device=2", "ddlo.system.uplink-mbps=300", "ddlo.run.steps=60", "ddlo.run.seed=7",
        "ddlo.topology.layout=grid", "ddlo.topology.cells=4", "ddlo.topology.spacing-m=200", "ddlo.topology.radius-m=150",
        "ddlo.topology.learner-copies=2", "ddlo.topology.averaging-rounds=2",
        "ddlo.channel.enabled=on", "ddlo.mobility.model=random-waypoint", "ddlo.mobility.min-speed-mps=20", "ddlo.mobility.max-speed-mps=40",
        "ddlo.mobility.half-side-m=200", "ddlo.learning.hidden-layers=[16]", "ddlo.learning.input-scale=1", "ddlo.learning.batch-size=32",
        "ddlo.learning.memory-size=512", "ddlo.learning.training-interval=1", "ddlo.learning.warmup=64", "ddlo.learning.dnn-count=2",
        "ddlo.learning.device-search-rounds=3", .. extra]);

    [Fact]
    public async Task Should_spread_the_learner_copies_and_their_cells_over_the_learner_nodes_with_the_numbers_of_one_node()
    {
        var single = await MapRunner.RunAsync(Map([]), progress: null, CancellationToken.None);

        // Handovers between cells of the two learner nodes count as across nodes (the nodes share this process's meter).
        var handovers = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DdloMetrics.MeterName && instrument.Name == "ddlo.map.handovers")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            handovers.AddOrUpdate(string.Concat(tags.ToArray().Select(t => t.Value)), value, (_, sum) => sum + value));
        listener.Start();

        // The edge node has no learner role: every copy and cell is on one of the two learner nodes.
        var cluster = await LoopbackCluster.StartAsync(["edge"], learnerCount: 2, Map, learnerProcess: null, CancellationToken.None);
        MapOutcome outcome;
        try
        {
            outcome = await cluster.Node.RunMapAsync(Map([]), checkpoints: null, progress: null, CancellationToken.None);
        }
        finally
        {
            await cluster.DisposeAsync();
        }

        var spread = outcome.Record!;
        Assert.Equal(
            single.Slots.Select(s => (s.Slot, s.Served, s.Uncovered, s.Handovers, s.Q, s.QTeacher, s.QOptimum, s.QRandom, s.Loss, s.Priced)),
            spread.Slots.Select(s => (s.Slot, s.Served, s.Uncovered, s.Handovers, s.Q, s.QTeacher, s.QOptimum, s.QRandom, s.Loss, s.Priced)));
        Assert.Equal(
            single.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.QGreedy)),
            spread.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.QGreedy)));
        Assert.Contains(spread.Slots, s => double.IsFinite(s.Loss));

        // Copy l and its cells (c mod 2 = l) are on learner node l: a handover across nodes is one between cells of
        // unlike parity.
        Assert.True(spread.HandoverPoints.Length == spread.Slots.Sum(s => s.Handovers), "the record kept only some handover points");
        long across = spread.HandoverPoints.Count(h => h.From >= 0 && h.To >= 0 && h.From % 2 != h.To % 2);
        Assert.True(across > 0, "no handover crossed nodes: the check proves nothing");
        Assert.Equal(across, handovers.GetValueOrDefault("node"));
        Assert.Equal(spread.Slots.Sum(s => (long)s.Handovers) - across, handovers.GetValueOrDefault("cell"));
    }

    [Fact]
    public async Task Should_host_the_map_on_the_cells_nodes_when_no_node_has_the_learner_role_with_the_numbers_of_one_node()
    {
        var single = await MapRunner.RunAsync(Map([]), progress: null, CancellationToken.None);

        // An edge node and two `cells` nodes: no learner anywhere, so the copies and their cells can only be on these.
        var scenario = Map(["akka.cluster.role.cells.min-nr-of-members=2"]);
        int port = LoopbackPorts.FindFree();
        var starts = new[]
        {
            ClusterNode.StartAsync(scenario, new NodeOptions(["edge"], "127.0.0.1", port, [], TimeSpan.FromSeconds(60)), CancellationToken.None),
            ClusterNode.StartAsync(scenario, new NodeOptions(["cells"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], TimeSpan.FromSeconds(60)), CancellationToken.None),
            ClusterNode.StartAsync(scenario, new NodeOptions(["cells"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], TimeSpan.FromSeconds(60)), CancellationToken.None),
        };
        MapOutcome outcome;
        try
        {
            var nodes = await Task.WhenAll(starts);
            outcome = await nodes[0].RunMapAsync(scenario, checkpoints: null, progress: null, CancellationToken.None);
        }
        finally
        {
            foreach (var start in starts)
            {
                // Those that started are stopped; one that failed to start has nothing to stop.
                if (await start.ContinueWith(t => t.IsCompletedSuccessfully ? t : null, TaskScheduler.Default) is { } started)
                {
                    await (await started).DisposeAsync();
                }
            }
        }

        Assert.Equal(
            single.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.QGreedy)),
            outcome.Record!.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.QGreedy)));
    }

    [Fact]
    public async Task Should_move_a_lost_nodes_cells_to_the_node_left_and_finish_the_map_with_the_numbers_of_one_node()
    {
        // 400 slots, a checkpoint every 20: one of the two cells nodes leaves once the map is under way, and its copy
        // of the learner with its cells goes to the other node, from the last checkpoint.
        string[] longer = ["ddlo.run.steps=400", "ddlo.run.checkpoint-interval=20"];
        string directory = Directory.CreateTempSubdirectory("ddlo-map-failover-").FullName;
        var single = await MapRunner.RunAsync(Map(longer), progress: null, CancellationToken.None);
        var scenario = Map([.. longer, "akka.cluster.role.cells.min-nr-of-members=2"]);
        int port = LoopbackPorts.FindFree();
        // All at once: no member is Up before both cells nodes have joined.
        var nodes = await Task.WhenAll(
            ClusterNode.StartAsync(scenario, new NodeOptions(["edge"], "127.0.0.1", port, [], TimeSpan.FromSeconds(60)), CancellationToken.None),
            ClusterNode.StartAsync(scenario, new NodeOptions(["cells"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], TimeSpan.FromSeconds(60)), CancellationToken.None),
            ClusterNode.StartAsync(scenario, new NodeOptions(["cells"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], TimeSpan.FromSeconds(60)), CancellationToken.None));
        var (edge, cells) = (nodes[0], nodes[1..]);
        var underWay = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var running = edge.RunMapAsync(scenario, new Actors.Checkpoints.CheckpointOptions(directory), new Progress(p => underWay.TrySetResult(p.Decided)), CancellationToken.None);
            long decidedWhenLost = await underWay.Task;
            await cells[1].DisposeAsync();
            var outcome = await running;

            Assert.True(decidedWhenLost < 400, "the map had ended before the node left: nothing was moved");
            Assert.Equal(
                single.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.QGreedy)),
                outcome.Record!.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum, c.QGreedy)));
            Assert.Equal(single.Slots.Select(s => (s.Slot, s.Loss)), outcome.Record.Slots.Select(s => (s.Slot, s.Loss)));
        }
        finally
        {
            await cells[0].DisposeAsync();
            await cells[1].DisposeAsync();
            await edge.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (the run's), not on a captured context.</summary>
    private sealed class Progress(Action<MapProgress> report) : IProgress<MapProgress>
    {
        public void Report(MapProgress value) => report(value);
    }

    [Fact]
    public async Task Should_checkpoint_a_map_across_the_nodes_and_resume_it_there_to_the_numbers_of_one_node()
    {
        // A checkpoint every 25 slots: the run ends at 70 with the one of slot 50, whose parts the learner nodes saved.
        string directory = Directory.CreateTempSubdirectory("ddlo-map-cluster-").FullName;
        var single = await MapRunner.RunAsync(Map(["ddlo.run.steps=70"]), progress: null, CancellationToken.None);
        var cluster = await LoopbackCluster.StartAsync(["edge"], learnerCount: 2, Map, learnerProcess: null, CancellationToken.None);
        try
        {
            var scenario = Map(["ddlo.run.steps=70", "ddlo.run.checkpoint-interval=25"]);
            await cluster.Node.RunMapAsync(scenario, new Actors.Checkpoints.CheckpointOptions(directory), progress: null, CancellationToken.None);
            var checkpoint = Actors.Checkpoints.CheckpointFile.Read(directory);
            Assert.NotNull(checkpoint);
            Assert.Equal(50, checkpoint.Step);

            var resumed = await cluster.Node.RunMapAsync(scenario, new Actors.Checkpoints.CheckpointOptions(directory, checkpoint), progress: null, CancellationToken.None);

            // A copy's state cut short: the node that hosts it says what failed there, in one line, rather than that it left.
            var damaged = checkpoint with
            {
                Parts = [.. checkpoint.Parts.Select(p => p.Name == "map-learner" && p.Index == 1 ? p with { State = p.State[..10] } : p)],
            };
            var error = await Assert.ThrowsAsync<Actors.Simulation.SimulationFailedException>(() =>
                cluster.Node.RunMapAsync(scenario, new Actors.Checkpoints.CheckpointOptions(directory, damaged), progress: null, CancellationToken.None));
            Assert.Matches(@"^learner-1 of the map on akka\.tcp://ddlo@127\.0\.0\.1:\d+ failed: .+: the map run ends here; its last checkpoint resumes it\.$", error.Message);

            Assert.Equal(
                single.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum)),
                resumed.Record!.Cells.Select(c => (c.Slot, c.Cell, c.Devices, c.Q, c.QTeacher, c.QOptimum)));
            Assert.Equal(single.Slots.Select(s => s.Loss), resumed.Record!.Slots.Select(s => s.Loss));
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
