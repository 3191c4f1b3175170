using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Cluster;
using Ddlo.Hosting.Cluster;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;

namespace Ddlo.Hosting.Tests.Cluster;

/// <summary>Several real ActorSystems in one process, clustered over TCP on 127.0.0.1.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ClusterSpecs
{
    private static readonly string[] Run = ["ddlo.run.steps=400", "ddlo.learning.dnn-count=3", "ddlo.learning.warmup=100", "ddlo.run.seed=4"];

    /// <summary>DROO's system and learner (two networks here, to use both learner nodes), as in hocon/scenarios/droo-wpmec-10.conf.</summary>
    private static readonly string[] Wpmec =
    [
        "ddlo.system.model=wpmec", "ddlo.system.devices=6", "ddlo.learning.quantiser=order-preserving", "ddlo.learning.candidates-per-dnn=6",
        "ddlo.learning.adaptive-candidates=on", "ddlo.learning.optimizer-state=per-round", "ddlo.learning.weight-decay=1e-4", "ddlo.learning.dnn-count=2",
    ];

    /// <summary>LyDROO's system and learner (two networks, one per learner node): the device actors' queues cross the wire in every report and order.</summary>
    private static readonly string[] Lydroo =
    [
        "ddlo.system.model=lydroo", "ddlo.system.devices=6", "ddlo.learning.quantiser=noisy-order-preserving", "ddlo.learning.candidates-per-dnn=6",
        "ddlo.learning.adaptive-candidates=on", "ddlo.learning.optimizer-state=per-round", "ddlo.learning.weight-decay=1e-4", "ddlo.learning.dnn-count=2",
        "ddlo.learning.hidden-layers=[64, 32]", "ddlo.learning.initialisation=pytorch",
    ];

    /// <summary>
    /// The networks on two learner nodes, with slots in flight (and one network slowed at random, an injected fault):
    /// the cluster decides every slot as the sequential loop on one node with the same staleness does, every field but
    /// the wall-clock ones, and trains the same losses.
    /// </summary>
    [Theory]
    [InlineData("mumt", 1, 0)]
    [InlineData("mumt", 8, 7)]
    [InlineData("wpmec", 4, 3)]
    [InlineData("lydroo", 4, 0)]
    [InlineData("lydroo", 8, 3)]
    public async Task Should_decide_exactly_what_a_single_node_decides_with_the_dnns_on_two_learner_nodes(string model, int inFlight, int staleness)
    {
        string[] settings = [.. Run, .. model switch { "wpmec" => Wpmec, "lydroo" => Lydroo, _ => [] }, $"ddlo.learning.staleness={staleness}"];
        var single = await SimulationRunner.RunAsync(Scenario.Load(null, [.. settings, "ddlo.run.max-in-flight=1"]));
        var scenario = Scenario.Load(null, [
            .. settings, $"ddlo.run.max-in-flight={inFlight}", "ddlo.run.faults.slow-dnn=1", "akka.cluster.role.learner.min-nr-of-members=2"]);

        var (edge, learners) = await StartClusterAsync(scenario, learnerScenarios: [scenario, scenario]);
        try
        {
            var record = await edge.RunSimulationAsync(scenario);

            Assert.Equal(400, record.SlotsDecided);
            Assert.Equal(0, record.DegradedSlots);
            Assert.Equal(single.Steps.Select(s => s.WithoutTiming()), record.Steps.Select(s => s.WithoutTiming()));
            Assert.Equal(single.Losses.ToArray(), record.Losses.ToArray());
        }
        finally
        {
            await edge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
            await Task.WhenAll(learners.Select(l => l.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20))));
        }
    }

    /// <summary>
    /// A cluster run's checkpoint holds the networks, their kept past weights and Adam moments fetched from the learner
    /// nodes, the memory, the devices and the recorder: stopped with four slots in flight, the run continues on a fresh
    /// cluster (new edge, new learners) into exactly the record one node's sequential loop makes in one go.
    /// </summary>
    [Fact]
    public async Task Should_continue_a_stopped_cluster_run_on_a_fresh_cluster_into_exactly_the_single_node_record()
    {
        string directory = Directory.CreateTempSubdirectory("ddlo-cluster-checkpoint-").FullName;
        try
        {
            // 2,000 steps, not Run's 400: progress is polled every 250 ms, and a warm process (after other tests ran
            // simulations in it) decided 400 slots before the stop at 120 could be seen.
            string[] settings = [.. Run, "ddlo.run.steps=2000", "ddlo.run.checkpoint-interval=100", "ddlo.learning.staleness=3"];
            var single = await SimulationRunner.RunAsync(Scenario.Load(null, [.. settings, "ddlo.run.max-in-flight=1"]));
            var scenario = Scenario.Load(null, [.. settings, "ddlo.run.max-in-flight=4", "akka.cluster.role.learner.min-nr-of-members=2"]);

            using var stop = new CancellationTokenSource();
            var (edge, learners) = await StartClusterAsync(scenario, learnerScenarios: [scenario, scenario]);
            RunOutcome stopped;
            try
            {
                stopped = await edge.RunSimulationAsync(scenario, new CheckpointOptions(directory, null), new Progress(p =>
                {
                    if (p.Decided >= 120)
                    {
                        stop.Cancel();
                    }
                }), stop.Token);
            }
            finally
            {
                await edge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
                await Task.WhenAll(learners.Select(l => l.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20))));
            }

            Assert.NotNull(stopped.Stopped);
            // Asked to stop, the run decides the slots in flight and checkpoints there, not at the next interval.
            Assert.InRange(stopped.Stopped!.Step, 120, 1999);
            var checkpoint = CheckpointFile.Read(directory)!;
            Assert.Equal(stopped.Stopped.Step, checkpoint.Step);

            var (freshEdge, freshLearners) = await StartClusterAsync(scenario, learnerScenarios: [scenario, scenario]);
            try
            {
                var resumed = await freshEdge.RunSimulationAsync(scenario, new CheckpointOptions(directory, checkpoint), null, CancellationToken.None);

                var record = resumed.Record!;
                Assert.Equal(checkpoint.Step, record.ResumedFrom);
                Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), record.Steps.Select(s => s.Slot));
                Assert.Equal(single.Steps.Select(s => s.WithoutTiming()), record.Steps.Select(s => s.WithoutTiming()));
                Assert.Equal(single.Losses.ToArray(), record.Losses.ToArray());
            }
            finally
            {
                await freshEdge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
                await Task.WhenAll(freshLearners.Select(l => l.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20))));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Should_decide_every_slot_when_a_learner_node_crashes_mid_run()
    {
        var scenario = Scenario.Load(null, [.. Run, "ddlo.run.steps=3000", "ddlo.run.candidate-deadline=2s", "akka.cluster.role.learner.min-nr-of-members=2"]);
        // The crashing node stops without leaving: the others find it unreachable and the split-brain resolver downs it.
        var crashing = Scenario.Load(null, [.. Run, "akka.coordinated-shutdown.run-by-actor-system-terminate=off"]);
        var (edge, learners) = await StartClusterAsync(scenario, learnerScenarios: [scenario, crashing]);
        int crashed = 0;
        var progress = new Progress(p =>
        {
            if (p.Decided >= 60 && Interlocked.Exchange(ref crashed, 1) == 0)
            {
                _ = learners[1].System.Terminate();
            }
        });
        try
        {
            var record = await edge.RunSimulationAsync(scenario, progress);

            Assert.Equal(1, crashed);
            Assert.Equal(record.SlotsGenerated, record.SlotsDecided);
            Assert.Equal(Enumerable.Range(0, 3000).Select(i => (long)i), record.Steps.Select(s => s.Slot));
            Assert.True(record.DegradedSlots > 0, "slots after the crash have fewer than K candidates");
            Assert.Contains(record.Steps.Skip(60), s => s.Degraded && s.Candidates > 0);
        }
        finally
        {
            await edge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
            await learners[0].System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Should_give_work_to_a_solver_node_that_joins_after_the_run_started()
    {
        // Long enough (tens of seconds at most) that the late node, started after 100 slots, joins well before the end.
        var scenario = Scenario.Load(null, ["ddlo.run.steps=30000", "ddlo.learning.dnn-count=1", "ddlo.learning.warmup=100", "ddlo.run.score-against-optimum=off"]);
        int port = LoopbackPorts.FindFree();
        var join = TimeSpan.FromSeconds(30);
        var edgeTask = ClusterNode.StartAsync(scenario, new NodeOptions(["edge"], "127.0.0.1", port, [], join));
        var learner = await ClusterNode.StartAsync(scenario, new NodeOptions(["learner"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], join));
        var edge = await edgeTask;
        Task<ClusterNode>? lateSolver = null;
        var progress = new Progress(p =>
        {
            if (p.Decided >= 100 && lateSolver is null)
            {
                lateSolver = ClusterNode.StartAsync(scenario, new NodeOptions(["solver"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], join));
            }
        });
        try
        {
            var record = await edge.RunSimulationAsync(scenario, progress);
            Assert.NotNull(lateSolver);
            var late = await lateSolver;

            Assert.Equal(30000, record.SlotsDecided);
            long solvedThere = 0;
            for (int i = 0; i < scenario.Settings.Run.SolverPoolSize; i++)
            {
                var status = await late.System.ActorSelection($"/user/{WorkerHost.Name}/solver-{i}").Ask<SolverStatus>(GetSolverStatus.Instance, TimeSpan.FromSeconds(5));
                solvedThere += status.Solved;
            }

            Assert.True(solvedThere > 0, "the late solver node priced no candidate");
        }
        finally
        {
            await edge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
            await learner.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Should_shard_the_devices_over_the_devices_nodes_and_decide_as_a_single_node_does()
    {
        var scenario = Scenario.Load(null, [.. Run, "ddlo.run.steps=300", "ddlo.system.devices=10", "akka.cluster.role.devices.min-nr-of-members=2"]);
        var single = await SimulationRunner.RunAsync(scenario);
        int port = LoopbackPorts.FindFree();
        var join = TimeSpan.FromSeconds(30);
        var edgeTask = ClusterNode.StartAsync(scenario, new NodeOptions(["edge", "solver"], "127.0.0.1", port, [], join));
        var workers = await Task.WhenAll(
            ClusterNode.StartAsync(scenario, new NodeOptions(["learner"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], join)),
            ClusterNode.StartAsync(scenario, new NodeOptions(["devices"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], join)),
            ClusterNode.StartAsync(scenario, new NodeOptions(["devices"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], join)));
        var edge = await edgeTask;
        try
        {
            var record = await edge.RunSimulationAsync(scenario);

            Assert.Equal(300, record.SlotsDecided);
            Assert.Equal(single.Steps.Select(s => s.Q), record.Steps.Select(s => s.Q));
            int[] entities = await Task.WhenAll(workers.Skip(1).Select(async node =>
            {
                var region = Akka.Cluster.Sharding.ClusterSharding.Get(node.System).ShardRegion(DeviceSharding.TypeName);
                var state = await region.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
                return state.Shards.Sum(shard => shard.EntityIds.Count);
            }));
            Assert.Equal(10, entities.Sum());
            Assert.All(entities, count => Assert.True(count > 0, $"a devices node hosts no device: [{string.Join(", ", entities)}]"));
        }
        finally
        {
            await edge.LeaveClusterAsync(TimeSpan.FromSeconds(20));
            await Task.WhenAll(workers.Select(w => w.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20))));
        }
    }

    [Fact]
    public async Task Should_give_up_joining_through_a_seed_that_is_not_there_with_a_clear_message()
    {
        int port = LoopbackPorts.FindFree();
        var options = new NodeOptions(["learner"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<ClusterJoinException>(() => ClusterNode.StartAsync(Scenario.Default, options));

        Assert.Contains($"could not join the cluster through 127.0.0.1:{port} within 3 s", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(ClusterNode Edge, ClusterNode[] Learners)> StartClusterAsync(Scenario edgeScenario, Scenario[] learnerScenarios)
    {
        int port = LoopbackPorts.FindFree();
        var join = TimeSpan.FromSeconds(30);
        var edgeTask = ClusterNode.StartAsync(edgeScenario, new NodeOptions(["edge", "solver"], "127.0.0.1", port, [], join));
        var learnerTasks = learnerScenarios
            .Select(s => ClusterNode.StartAsync(s, new NodeOptions(["learner"], "127.0.0.1", 0, [$"127.0.0.1:{port}"], join)))
            .ToArray();
        var learners = await Task.WhenAll(learnerTasks);
        return (await edgeTask, learners);
    }

    private sealed class Progress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
