using System.Globalization;
using Ddlo.Actors.Cluster;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>Real `ddlo node` processes forming an Akka.Cluster over TCP on loopback.</summary>
[Collection(TimingSensitive.Name)]
public sealed class NodeCommandTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-node-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_run_across_three_processes_and_have_every_node_exit_cleanly()
    {
        int port = LoopbackPorts.FindFree();
        using var learner1 = Learner(port);
        using var learner2 = Learner(port);
        // Long enough that a learner that joined last sees itself Up before the run ends and the cluster leaves (with
        // 600 slots, one that saw only its leaving once reported a failed join).
        using var edge = Edge(port, steps: 3000, deadline: "10s");

        var result = edge.WaitForExit(TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3000, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(3000, result.Json.GetProperty("slots_generated").GetInt64());
        Assert.Equal(3, result.Json.GetProperty("cluster_members").GetInt32());
        Assert.Equal(0, result.Json.GetProperty("degraded_slots").GetInt64());
        Assert.True(File.Exists(Path.Combine(output, "steps.csv")));
        foreach (var learner in new[] { learner1, learner2 })
        {
            var exit = learner.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.True(exit.ExitCode == 0, exit.ToString());
            Assert.Contains("left the cluster", exit.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_decide_every_slot_when_a_learner_process_is_killed_mid_run()
    {
        int port = LoopbackPorts.FindFree();
        using var learner1 = Learner(port);
        using var learner2 = Learner(port);
        using var edge = Edge(port, steps: 3000, deadline: "1s");

        WaitForRunToStart();
        learner2.Kill();
        var result = edge.WaitForExit(TimeSpan.FromMinutes(4));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3000, result.Json.GetProperty("slots_generated").GetInt64());
        Assert.Equal(3000, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.True(result.Json.GetProperty("degraded_slots").GetInt64() > 0, result.Stdout);
        Assert.Equal(0, learner1.WaitForExit(TimeSpan.FromSeconds(60)).ExitCode);
    }

    /// <summary>
    /// The edge node is SIGKILLed after a checkpoint, with its learner: a fresh edge node resumes the run with
    /// --resume on a fresh learner, and every slot is decided exactly once, as one sequential node decides them.
    /// </summary>
    [Fact]
    public void Should_resume_a_cluster_run_on_fresh_nodes_after_its_edge_node_is_killed()
    {
        const int steps = 3000;
        string[] run = ["--set", "learning.dnn-count=2", "--set", "run.checkpoint-interval=500", "--set", "run.max-in-flight=1", "--set", "results.decisions=on"];
        string single = output + "-single";
        var reference = DdloProcess.Run(["simulate", "--steps", steps.ToString(CultureInfo.InvariantCulture), .. run, "--out", single, "--json"]);
        Assert.True(reference.ExitCode == 0, reference.ToString());

        int port = LoopbackPorts.FindFree();
        using (var learner = Learner(port))
        using (var edge = DdloProcess.Start([
            "node", "--role", "edge,solver", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}",
            "--steps", steps.ToString(CultureInfo.InvariantCulture), .. run, "--out", output, "--json", "--join-timeout", "60"]))
        {
            ResumeTests.WaitForCheckpoint(output, edge.Process);
            edge.Kill();
            learner.Kill();
        }

        Assert.False(File.Exists(Path.Combine(output, "summary.json")), "the run was to be killed before its end");
        int again = LoopbackPorts.FindFree();
        using var freshLearner = Learner(again);
        var resumed = DdloProcess.Run(
            "node", "--role", "edge,solver", "--port", again.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{again}",
            "--resume", output, "--json", "--join-timeout", "60");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(steps, resumed.Json.GetProperty("slots_decided").GetInt64());
        Assert.InRange(resumed.Json.GetProperty("resumed_from_step").GetInt64(), 500, steps - 1);
        string[] rows = File.ReadAllLines(Path.Combine(output, "steps.csv"));
        Assert.Equal(Enumerable.Range(0, steps).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(row => row.Split(',')[0]));
        // One slot in flight: the resumed cluster run decides what one node decides in one go, loss for loss.
        ResumeTests.AssertSameRows(ResumeTests.WithoutLatency(Path.Combine(single, "steps.csv")), ResumeTests.WithoutLatency(Path.Combine(output, "steps.csv")));
        // decisions.csv, written on the edge node and cut back to the checkpoint on resume, is the single node's too.
        ResumeTests.AssertSameRows(File.ReadAllLines(Path.Combine(single, "decisions.csv")), File.ReadAllLines(Path.Combine(output, "decisions.csv")));
        Assert.False(File.Exists(Path.Combine(output, "checkpoint.bin")), "a complete run keeps no checkpoint");
        Assert.Equal(0, freshLearner.WaitForExit(TimeSpan.FromSeconds(60)).ExitCode);
        Directory.Delete(single, recursive: true);
    }

    /// <summary>
    /// A checkpoint does not depend on where it was written: one node's continues on a cluster, and a cluster's on one
    /// node, each into exactly the record one node makes in one go (one slot in flight; latency aside).
    /// </summary>
    [Fact]
    public void Should_resume_a_single_node_checkpoint_on_a_cluster_and_a_cluster_checkpoint_on_one_node()
    {
        const int steps = 12000;
        string[] run =
        [
            "--steps", steps.ToString(CultureInfo.InvariantCulture), "--set", "learning.dnn-count=2",
            "--set", "run.checkpoint-interval=500", "--set", "run.max-in-flight=1", "--json",
        ];
        string single = output + "-single";
        string fromSingle = output + "-from-single";
        var reference = DdloProcess.Run(["simulate", .. run, "--out", single]);
        Assert.True(reference.ExitCode == 0, reference.ToString());
        string[] expected = ResumeTests.WithoutLatency(Path.Combine(single, "steps.csv"));

        // One node's checkpoint, continued by a cluster.
        using (var simulate = DdloProcess.Start(["simulate", .. run, "--out", fromSingle]))
        {
            ResumeTests.WaitForCheckpoint(fromSingle, simulate.Process);
            simulate.Kill();
        }

        int port = LoopbackPorts.FindFree();
        using (var learner = Learner(port))
        {
            var onCluster = DdloProcess.Run(
                "node", "--role", "edge,solver", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}",
                "--resume", fromSingle, "--json", "--join-timeout", "60");
            Assert.True(onCluster.ExitCode == 0, onCluster.ToString());
            Assert.Equal(2, onCluster.Json.GetProperty("cluster_members").GetInt32());
            Assert.InRange(onCluster.Json.GetProperty("resumed_from_step").GetInt64(), 500, steps - 1);
            ResumeTests.AssertSameRows(expected, ResumeTests.WithoutLatency(Path.Combine(fromSingle, "steps.csv")));
            Assert.Equal(0, learner.WaitForExit(TimeSpan.FromSeconds(60)).ExitCode);
        }

        // A cluster's checkpoint, continued by one node.
        int again = LoopbackPorts.FindFree();
        using (var learner = Learner(again))
        using (var edge = DdloProcess.Start([
            "node", "--role", "edge,solver", "--port", again.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{again}",
            .. run, "--out", output, "--join-timeout", "60"]))
        {
            ResumeTests.WaitForCheckpoint(output, edge.Process);
            edge.Kill();
            learner.Kill();
        }

        var onOneNode = DdloProcess.Run("simulate", "--resume", output, "--json");
        Assert.True(onOneNode.ExitCode == 0, onOneNode.ToString());
        Assert.InRange(onOneNode.Json.GetProperty("resumed_from_step").GetInt64(), 500, steps - 1);
        ResumeTests.AssertSameRows(expected, ResumeTests.WithoutLatency(Path.Combine(output, "steps.csv")));
        Directory.Delete(single, recursive: true);
        Directory.Delete(fromSingle, recursive: true);
    }

    /// <summary>
    /// A map of cells over three processes: the edge node keeps the clock and the devices, each learner node a copy of
    /// the learner and its cells; the results are those of the same map in one process, to the digest.
    /// </summary>
    [Fact]
    public void Should_run_a_map_with_its_learner_copies_on_learner_processes_to_the_digest_of_one_process()
    {
        string[] map =
        [
            "--steps", "80", "--json",
            "--set", "system.devices=24", "--set", "system.tasks-per-device=2", "--set", "system.uplink-mbps=300",
            "--set", "topology.layout=grid", "--set", "topology.cells=4", "--set", "topology.spacing-m=200", "--set", "topology.radius-m=150",
            "--set", "topology.learner-copies=2", "--set", "topology.averaging-rounds=2",
            "--set", "channel.enabled=on", "--set", "mobility.model=random-waypoint", "--set", "mobility.min-speed-mps=20",
            "--set", "mobility.max-speed-mps=40", "--set", "mobility.half-side-m=200", "--set", "learning.hidden-layers=[16]",
            "--set", "learning.input-scale=1", "--set", "learning.batch-size=32", "--set", "learning.memory-size=512",
            "--set", "learning.warmup=64", "--set", "learning.dnn-count=2", "--set", "learning.device-search-rounds=3",
        ];
        string single = output + "-single";
        var one = DdloProcess.Run(["simulate", .. map, "--out", single]);
        Assert.True(one.ExitCode == 0, one.ToString());

        int port = LoopbackPorts.FindFree();
        using var learner1 = Learner(port);
        using var learner2 = Learner(port);
        var spread = DdloProcess.Run([
            "node", "--role", "edge", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}", "--out", output,
            "--join-timeout", "60", "--set", "akka.cluster.role.learner.min-nr-of-members=2", .. map]);

        Assert.True(spread.ExitCode == 0, spread.ToString());
        // The digest covers steps.csv and cells.csv but their wall-clock columns.
        Assert.Equal(one.Json.GetProperty("digest").GetString(), spread.Json.GetProperty("digest").GetString());
        Assert.Equal(2, spread.Json.GetProperty("topology").GetProperty("learner_copies").GetInt32());
        Assert.True(File.Exists(Path.Combine(output, "cells.csv")));
        foreach (var learner in new[] { learner1, learner2 })
        {
            var exit = learner.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.True(exit.ExitCode == 0, exit.ToString());
            Assert.Contains("left the cluster", exit.Stderr, StringComparison.Ordinal);
        }

        Directory.Delete(single, recursive: true);
    }

    /// <summary>
    /// A cells process SIGKILLed mid-map, another left: its copy of the learner and its cells go to the one left, from
    /// the last checkpoint, and the map ends with the digest of the same map in one process (every slot decided once in
    /// the results).
    /// </summary>
    [Fact]
    public async Task Should_move_a_killed_cells_nodes_cells_to_the_node_left_and_end_with_the_digest_of_one_process()
    {
        string[] map =
        [
            "--steps", "600", "--json", "--set", "run.checkpoint-interval=20",
            "--set", "system.devices=24", "--set", "topology.layout=grid", "--set", "topology.cells=4", "--set", "topology.spacing-m=200",
            "--set", "mobility.model=random-waypoint", "--set", "mobility.half-side-m=200", "--set", "channel.enabled=on",
            "--set", "topology.learner-copies=2", "--set", "learning.hidden-layers=[16]", "--set", "learning.dnn-count=2",
        ];
        string single = output + "-single";
        var one = DdloProcess.Run(["simulate", .. map, "--out", single]);
        Assert.True(one.ExitCode == 0, one.ToString());

        int port = LoopbackPorts.FindFree();
        using var cells1 = Cells(port);
        using var cells2 = Cells(port);
        using var edge = DdloProcess.StartReading([
            "node", "--role", "edge", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}", "--out", output,
            "--join-timeout", "60", "--set", "akka.cluster.role.cells.min-nr-of-members=2", .. map]);
        var stdout = edge.StandardOutput.ReadToEndAsync();
        var stderr = edge.StandardError.ReadToEndAsync();
        ResumeTests.WaitForCheckpoint(output, edge);
        cells2.Kill();

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await edge.WaitForExitAsync(deadline.Token);
        string log = await stderr;
        Assert.True(edge.ExitCode == 0, $"exit {edge.ExitCode}\n{log}");
        Assert.Matches(@"Node akka\.tcp://ddlo@127\.0\.0\.1:\d+ was lost mid-map: its cells go to akka\.tcp://ddlo@127\.0\.0\.1:\d+, and the map goes on from its checkpoint at slot \d+", log);
        using var summary = System.Text.Json.JsonDocument.Parse(await stdout);
        Assert.Equal(one.Json.GetProperty("digest").GetString(), summary.RootElement.GetProperty("digest").GetString());
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        var survivor = cells1.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(survivor.ExitCode == 0, survivor.ToString());
        Directory.Delete(single, recursive: true);
    }

    /// <summary>The only learner process SIGKILLed mid-map: no node is left for its cells, so the run ends in one line naming what stopped, its checkpoint kept.</summary>
    [Fact]
    public void Should_end_a_map_in_one_line_keeping_its_checkpoint_when_its_only_learner_process_is_killed()
    {
        int port = LoopbackPorts.FindFree();
        using var learner = Learner(port);
        using var edge = DdloProcess.Start([
            "node", "--role", "edge", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}", "--out", output,
            "--join-timeout", "60", "--steps", "1000000", "--json",
            "--set", "system.devices=24", "--set", "topology.layout=grid", "--set", "topology.cells=4", "--set", "topology.spacing-m=200",
            "--set", "mobility.model=random-waypoint", "--set", "mobility.half-side-m=200", "--set", "channel.enabled=on",
            "--set", "topology.learner-copies=2", "--set", "learning.hidden-layers=[16]", "--set", "learning.dnn-count=2",
            "--set", "run.checkpoint-interval=20"]);
        ResumeTests.WaitForCheckpoint(output, edge.Process);
        learner.Kill();

        var result = edge.WaitForExit(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 2, result.ToString());
        // The node's own log lines (Akka's, about the lost member) come first; the error is one line of its own.
        string error = Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith("ddlo: error:", StringComparison.Ordinal));
        Assert.Matches(@"^ddlo: error: (map-part|learner|cell)-\d of the map on akka\.tcp://ddlo@127\.0\.0\.1:\d+ stopped: its node left or failed; the run ends here; its last checkpoint resumes it\.$", error);
        Assert.True(File.Exists(Path.Combine(output, "checkpoint.bin")), "the checkpoint was lost");
    }

    [Fact]
    public void Should_give_up_with_a_clear_message_when_the_seed_is_wrong()
    {
        int port = LoopbackPorts.FindFree();

        var result = DdloProcess.Run("node", "--role", "learner", "--seed", $"127.0.0.1:{port}", "--join-timeout", "3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"could not join the cluster through 127.0.0.1:{port} within 3 s", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Three node processes, each bound to its own loopback address (127.0.0.2, .3 and .4) and given no seed, only the
    /// list of contact points: Akka.Management's Cluster Bootstrap forms the cluster, the run decides 2,000 slots, and
    /// every node leaves and exits 0.
    /// </summary>
    [Fact]
    public void Should_bootstrap_three_nodes_on_their_own_loopback_addresses_without_seeds()
    {
        string management = LoopbackPorts.FindFree().ToString(CultureInfo.InvariantCulture);
        string[] bootstrap =
        [
            "--discovery", "config", "--management-port", management, "--join-timeout", "60",
            .. new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4" }.SelectMany(address => new[] { "--contact-point", $"{address}:{management}" }),
            "--set", "akka.management.cluster.bootstrap.contact-point-discovery.stable-margin=2s",
            "--set", "akka.cluster.role.learner.min-nr-of-members=2",
        ];
        using var learner1 = DdloProcess.Start(["node", "--role", "learner", "--hostname", "127.0.0.3", .. bootstrap]);
        using var learner2 = DdloProcess.Start(["node", "--role", "learner,solver", "--hostname", "127.0.0.4", .. bootstrap]);

        var result = DdloProcess.Run([
            "node", "--role", "edge", "--hostname", "127.0.0.2", .. bootstrap,
            "--steps", "2000", "--set", "learning.dnn-count=3", "--out", output, "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2000, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(3, result.Json.GetProperty("cluster_members").GetInt32());
        Assert.Contains("up at akka.tcp://ddlo@127.0.0.2:", result.Stderr, StringComparison.Ordinal);
        foreach (var (learner, address) in new[] { (learner1, "127.0.0.3"), (learner2, "127.0.0.4") })
        {
            var exit = learner.WaitForExit(TimeSpan.FromSeconds(60));
            Assert.True(exit.ExitCode == 0, exit.ToString());
            Assert.Contains($"ddlo node akka.tcp://ddlo@{address}:", exit.Stderr, StringComparison.Ordinal);
            Assert.Contains("left the cluster", exit.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>One node listing only its own contact point forms a cluster of one and runs: the listed points are all it waits for.</summary>
    [Fact]
    public void Should_bootstrap_a_cluster_of_one_from_its_own_contact_point()
    {
        string management = LoopbackPorts.FindFree().ToString(CultureInfo.InvariantCulture);

        var result = DdloProcess.Run(
            "node", "--role", "all", "--discovery", "config", "--management-port", management, "--contact-point", $"127.0.0.1:{management}",
            "--steps", "300", "--out", output, "--json", "--join-timeout", "60");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(300, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(1, result.Json.GetProperty("cluster_members").GetInt32());
    }

    /// <summary>
    /// <c>--discovery kubernetes</c> against a Kubernetes API served here over HTTP: the node asks for the pods
    /// labelled app=ddlo in its namespace, takes the running one (itself, by its management port) and leaves out the
    /// pending one and the one being deleted, whose contact points would never answer, and so forms a cluster of one
    /// and runs.
    /// </summary>
    [Fact]
    public async Task Should_bootstrap_from_the_pods_a_kubernetes_api_lists()
    {
        int management = LoopbackPorts.FindFree();
        int apiPort = LoopbackPorts.FindFree();
        var queries = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var api = new System.Net.HttpListener();
        api.Prefixes.Add($"http://127.0.0.1:{apiPort}/api/");
        api.Start();
        string pods = $$$"""
            {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": [
              {"metadata": {"name": "ddlo-0", "namespace": "sim"},
               "spec": {"containers": [{"name": "ddlo", "ports": [{"name": "remoting", "containerPort": 4053}, {"name": "management", "containerPort": {{{management}}}}]}]},
               "status": {"phase": "Running", "podIP": "127.0.0.1"}},
              {"metadata": {"name": "ddlo-1", "namespace": "sim"},
               "spec": {"containers": [{"name": "ddlo", "ports": [{"name": "management", "containerPort": {{{management}}}}]}]},
               "status": {"phase": "Pending", "podIP": "127.0.0.9"}},
              {"metadata": {"name": "ddlo-2", "namespace": "sim", "deletionTimestamp": "2026-11-29T10:00:00Z"},
               "spec": {"containers": [{"name": "ddlo", "ports": [{"name": "management", "containerPort": {{{management}}}}]}]},
               "status": {"phase": "Running", "podIP": "127.0.0.8"}}]}
            """;
        var serving = Task.Run(async () =>
        {
            while (api.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await api.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                queries.Enqueue(context.Request.Url!.PathAndQuery);
                byte[] body = System.Text.Encoding.UTF8.GetBytes(pods);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });

        var result = DdloProcess.Run(
            "node", "--role", "all", "--discovery", "kubernetes", "--management-port", management.ToString(CultureInfo.InvariantCulture),
            "--set", $"akka.discovery.ddlo-kubernetes.api-url=\"http://127.0.0.1:{apiPort}\"", "--set", "akka.discovery.ddlo-kubernetes.pod-namespace=sim",
            "--set", "akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr=1",
            "--steps", "300", "--out", output, "--json", "--join-timeout", "60");
        api.Stop();
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(300, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(1, result.Json.GetProperty("cluster_members").GetInt32());
        Assert.Contains(queries, query => query.StartsWith("/api/v1/namespaces/sim/pods?labelSelector=app%3Dddlo", StringComparison.Ordinal));
    }

    /// <summary>A contact point that never answers: bootstrap cannot confirm it, so the node gives up after --join-timeout, in one line.</summary>
    [Fact]
    public void Should_give_up_in_one_line_when_a_contact_point_never_answers()
    {
        int management = LoopbackPorts.FindFree();
        int silent = LoopbackPorts.FindFree();

        var result = DdloProcess.Run(
            "node", "--role", "edge", "--discovery", "config", "--management-port", management.ToString(CultureInfo.InvariantCulture),
            "--contact-point", $"127.0.0.1:{management}", "--contact-point", $"127.0.0.1:{silent}", "--join-timeout", "5", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            $"could not form or join a cluster through Cluster Bootstrap (config discovery, contact points 127.0.0.1:{management}, 127.0.0.1:{silent}) within 5 s",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private static DdloProcess.Running Cells(int port) =>
        DdloProcess.Start("node", "--role", "cells", "--seed", $"127.0.0.1:{port}", "--join-timeout", "60");

    private static DdloProcess.Running Learner(int port) =>
        DdloProcess.Start("node", "--role", "learner", "--seed", $"127.0.0.1:{port}", "--join-timeout", "60");

    private DdloProcess.Running Edge(int port, int steps, string deadline) => DdloProcess.Start(
        "node", "--role", "edge,solver", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}",
        "--steps", steps.ToString(CultureInfo.InvariantCulture), "--out", output, "--json", "--join-timeout", "60",
        "--set", "akka.cluster.role.learner.min-nr-of-members=2", "--set", "learning.dnn-count=3",
        "--set", "run.max-in-flight=4", "--set", $"run.candidate-deadline={deadline}");

    /// <summary>Waits for the edge node's log to say the workers are placed and the run has begun.</summary>
    private void WaitForRunToStart()
    {
        string log = Path.Combine(output, "ddlo.log");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(File.Exists(log) && ReadShared(log).Contains("Run placed", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the edge node never placed the run");
            Thread.Sleep(50);
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
