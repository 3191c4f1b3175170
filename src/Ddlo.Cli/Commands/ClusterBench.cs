using System.Globalization;
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
/// slots pipelined, and decision latency p50/p99 one slot at a time.
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
        double serializationSeconds;
        await using (var cluster = await LoopbackCluster.StartAsync(["edge", "solver"], learnerProcesses: 2, Load, cancellationToken).ConfigureAwait(false))
        {
            // Every message that crosses a node boundary passes through this (edge) node: counted over the pipelined run.
            using (var count = new RemoteMessageCount())
            {
                clusterThroughput = RunSummary.From(await cluster.Node.RunSimulationAsync(Load(pipelined), cancellationToken: cancellationToken).ConfigureAwait(false));
                messages = count.Counts;
                serializationSeconds = count.SerializationSeconds;
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
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title($"K = 5, training on, {settings.Steps} steps per run")
            .AddColumn("measure").AddColumn(new TableColumn("single node").RightAligned()).AddColumn(new TableColumn("3-process cluster").RightAligned());
        table.AddRow($"decisions/s, {settings.MaxInFlight} in flight", Describe.Number(singleThroughput.StepsPerSecond, "0"), Describe.Number(clusterThroughput.StepsPerSecond, "0"));
        table.AddRow("latency p50, 1 in flight", $"{Describe.Number(singleLatency.LatencyMicrosecondsP50, "0")} µs", $"{Describe.Number(clusterLatency.LatencyMicrosecondsP50, "0")} µs");
        table.AddRow("latency p99, 1 in flight", $"{Describe.Number(singleLatency.LatencyMicrosecondsP99, "0")} µs", $"{Describe.Number(clusterLatency.LatencyMicrosecondsP99, "0")} µs");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"cross-node messages per slot on the cluster, {settings.MaxInFlight} in flight: {perSlot:0.0} ({string.Join(", ", messages.Take(4).Select(m => $"{m.Direction} {m.Message} {m.Count / slots:0.00}"))}); the edge node spent {serializationPerSlot:0.0} µs a slot writing and reading them")));
        return 0;
    }

    private static Task<RunRecord> Single(Scenario scenario, CancellationToken cancellationToken) =>
        SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings), cancellationToken: cancellationToken);
}
