using System.Globalization;
using Akka.Actor;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo bench cluster</c>: the same runs (K = 5, training on, scoring off) on one node and on a 3-process
/// loopback cluster (this process as edge+solver, two <c>ddlo node --role learner</c> children): decisions/s with
/// slots pipelined, and decision latency p50/p99 one slot at a time. Beside them, where a pipelined slot's time goes:
/// the messages that cross per slot, the edge node's serialization time, and the transport's round trip to a learner
/// node apart from any queue of work (<see cref="TransportProbe"/>), idle and under the pipelined run.
/// </summary>
public sealed class ClusterBench : AsyncCommand<BenchSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        string steps = $"ddlo.run.steps={settings.Steps.ToString(CultureInfo.InvariantCulture)}";
        string pipelined = $"ddlo.run.max-in-flight={settings.MaxInFlight.ToString(CultureInfo.InvariantCulture)}";
        string[] common = [.. settings.Overrides, "ddlo.run.score-against-optimum=off", "ddlo.learning.dnn-count=5", steps];
        Scenario Load(params string[] extra) => Scenario.Load(settings.ScenarioFile, [.. common, .. extra]);

        // Unmeasured warm-up, then the single-node figures.
        await SimulationRunner.RunAsync(Load("ddlo.run.steps=1000"), SimulationSources.Generated(Load().Settings), cancellationToken: cancellationToken).ConfigureAwait(false);
        var singleThroughput = RunSummary.From(await Single(Load(pipelined), cancellationToken).ConfigureAwait(false));
        var singleLatency = RunSummary.From(await Single(Load("ddlo.run.max-in-flight=1"), cancellationToken).ConfigureAwait(false));

        RunSummary clusterThroughput, clusterLatency;
        IReadOnlyList<(string Direction, string Message, long Count)> messages;
        double serializationSeconds, idleRoundTrip, loadedRoundTrip;
        await using (var cluster = await LoopbackCluster.StartAsync(["edge", "solver"], learnerProcesses: 2, Load, cancellationToken).ConfigureAwait(false))
        {
            // Unmeasured warm-up, as on one node: the learner processes compile and allocate on their first slots.
            await cluster.Node.RunSimulationAsync(Load("ddlo.run.steps=1000"), cancellationToken: cancellationToken).ConfigureAwait(false);

            // The transport to a learner node on its own: timed back to back while the cluster is otherwise idle (so no
            // thread has time to park), then every 5 ms under the pipelined run.
            var learner = cluster.Node.Cluster.State.Members.First(m => m.HasRole("learner")).Address;
            var idleHost = new RootActorPath(learner) / "user" / Actors.Hosting.WorkerHost.Name;
            await using (var idle = TransportProbe.Start(cluster.Node.System, idleHost, TimeSpan.Zero))
            {
                while (idle.Count < 2000)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
                }

                idleRoundTrip = idle.MedianMicroseconds;
            }

            // Every message that crosses a node boundary passes through this (edge) node: counted over the pipelined run.
            using (var count = new RemoteMessageCount())
            await using (var loaded = TransportProbe.Start(cluster.Node.System, idleHost, TimeSpan.FromMilliseconds(5)))
            {
                clusterThroughput = RunSummary.From(await cluster.Node.RunSimulationAsync(Load(pipelined), cancellationToken: cancellationToken).ConfigureAwait(false));
                messages = count.Counts;
                serializationSeconds = count.SerializationSeconds;
                loadedRoundTrip = loaded.MedianMicroseconds;
            }

            clusterLatency = RunSummary.From(await cluster.Node.RunSimulationAsync(Load("ddlo.run.max-in-flight=1"), cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        double slots = clusterThroughput.SlotsDecided;
        double perSlot = messages.Sum(m => m.Count) / slots;
        double serializationPerSlot = serializationSeconds * 1e6 / slots;

        object Figures(RunSummary throughput, RunSummary latency) => new Dictionary<string, double>
        {
            ["decisions_per_second"] = throughput.StepsPerSecond,
            ["latency_us_p50"] = latency.LatencyMicrosecondsP50,
            ["latency_us_p99"] = latency.LatencyMicrosecondsP99,
            ["pipelined_latency_us_p50"] = throughput.LatencyMicrosecondsP50,
        };

        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["steps"] = settings.Steps,
                ["max_in_flight"] = settings.MaxInFlight,
                ["single_node"] = Figures(singleThroughput, singleLatency),
                ["cluster_3_processes"] = Figures(clusterThroughput, clusterLatency),
                ["cross_node_messages_per_slot"] = perSlot,
                ["edge_serialization_us_per_slot"] = serializationPerSlot,
                ["cross_node_messages_per_slot_by_type"] = messages.ToDictionary(m => $"{m.Direction} {m.Message}", m => m.Count / slots),
                ["transport_round_trip_us_p50_idle"] = idleRoundTrip,
                ["transport_round_trip_us_p50_under_load"] = loadedRoundTrip,
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"K = 5, training on, {settings.Steps} steps per run")
            .AddColumn("measure").AddColumn(new TableColumn("single node").RightAligned()).AddColumn(new TableColumn("3-process cluster").RightAligned());
        table.AddRow($"decisions/s, {settings.MaxInFlight} in flight", Describe.Number(singleThroughput.StepsPerSecond, "0"), Describe.Number(clusterThroughput.StepsPerSecond, "0"));
        table.AddRow("latency p50, 1 in flight", $"{Describe.Number(singleLatency.LatencyMicrosecondsP50, "0")} µs", $"{Describe.Number(clusterLatency.LatencyMicrosecondsP50, "0")} µs");
        table.AddRow("latency p99, 1 in flight", $"{Describe.Number(singleLatency.LatencyMicrosecondsP99, "0")} µs", $"{Describe.Number(clusterLatency.LatencyMicrosecondsP99, "0")} µs");
        table.AddRow($"latency p50, {settings.MaxInFlight} in flight", $"{Describe.Number(singleThroughput.LatencyMicrosecondsP50, "0")} µs", $"{Describe.Number(clusterThroughput.LatencyMicrosecondsP50, "0")} µs");
        table.AddRow("transport round trip p50, idle", string.Empty, $"{Describe.Number(idleRoundTrip, "0")} µs");
        table.AddRow($"transport round trip p50, {settings.MaxInFlight} in flight", string.Empty, $"{Describe.Number(loadedRoundTrip, "0")} µs");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"cross-node messages per slot on the cluster, {settings.MaxInFlight} in flight: {perSlot:0.0} ({string.Join(", ", messages.Take(4).Select(m => $"{m.Direction} {m.Message} {m.Count / slots:0.00}"))}); the edge node spent {serializationPerSlot:0.0} µs a slot writing and reading them")));
        return 0;
    }

    private static Task<RunRecord> Single(Scenario scenario, CancellationToken cancellationToken) =>
        SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings), cancellationToken: cancellationToken);
}
