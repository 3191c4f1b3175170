using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Cli.Output;
using Ddlo.Experiments.Benches;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Management;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

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
        var result = await ClusterBenchmark.RunAsync(
            extra => Scenario.Load(settings.ScenarioFile, [.. settings.Overrides, .. extra]), settings.Steps, settings.MaxInFlight, SelfCommand.Learner, cancellationToken).ConfigureAwait(false);
        var (singleThroughput, singleLatency, clusterThroughput, clusterLatency) = (result.SingleThroughput, result.SingleLatency, result.ClusterThroughput, result.ClusterLatency);
        var messages = result.Messages;
        double slots = clusterThroughput.SlotsDecided;
        double perSlot = result.MessagesPerSlot;
        double serializationPerSlot = result.SerializationMicrosecondsPerSlot;
        double idleRoundTrip = result.IdleRoundTripMicroseconds;
        double loadedRoundTrip = result.LoadedRoundTripMicroseconds;

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
}
