using System.Collections.Immutable;
using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Cluster;
using Ddlo.Actors.Recording;
using Ddlo.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo node</c>: one member of an Akka.Cluster running the simulation with its actors spread by role. The edge
/// node runs the simulation once the cluster has its minimum members, writes the results, and then has every node
/// leave, so all processes exit with code 0.
/// </summary>
public sealed class NodeCommand : AsyncCommand<NodeCommand.Settings>
{
    public sealed class Settings : ScenarioCommandSettings
    {
        [CommandOption("--role <ROLE>")]
        [Description("edge | learner | solver | devices | all; repeat or comma-separate for several (e.g. edge,solver).")]
        public string[] Roles { get; init; } = [];

        [CommandOption("--port <PORT>")]
        [Description("TCP port of this node (0: any free port). Default: 0.")]
        public int Port { get; init; }

        [CommandOption("--hostname <HOST>")]
        [Description("Address this node binds to and is reached at. Default: 127.0.0.1.")]
        public string Hostname { get; init; } = "127.0.0.1";

        [CommandOption("--seed <HOST:PORT>")]
        [Description("Seed node to join through (repeatable); the first node gives its own address.")]
        public string[] Seeds { get; init; } = [];

        [CommandOption("--steps <N>")]
        [Description("Learning steps (overrides ddlo.run.steps; edge node).")]
        public long? Steps { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Results folder of the edge node: new or empty (see --force). Default: results/node-<timestamp>, unique.")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Let --out name a folder that holds an earlier run's files: they are removed first.")]
        public bool Force { get; init; }

        [CommandOption("--management-port <PORT>")]
        [Description("Serve this node's health checks (/health/live; /health/ready once it is an Up member of the cluster) and its Prometheus metrics (/metrics: slots decided and degraded, DNN restarts, training rounds, the rolling gain ratio, decision latency and candidates per slot, protocol messages sent to and received from other nodes, by type) on http://localhost:PORT while it runs.")]
        public int? ManagementPort { get; init; }

        [CommandOption("--join-timeout <SECONDS>")]
        [Description("Give up joining after this many seconds. Default: 60.")]
        public int JoinTimeoutSeconds { get; init; } = 60;

        public override ValidationResult Validate() =>
            ManagementPort is { } port && (port < 1 || port > 65535)
                ? ValidationResult.Error($"--management-port must be a port number from 1 to 65535, got {port}.")
                : base.Validate();

        public NodeOptions Options() => new(
            Roles.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToImmutableArray(),
            Hostname,
            Port,
            [.. Seeds],
            TimeSpan.FromSeconds(JoinTimeoutSeconds));

        public override Actors.Configuration.Scenario LoadScenario() =>
            Actors.Configuration.Scenario.Load(ScenarioFile, Steps is { } steps ? [.. Overrides, string.Create(CultureInfo.InvariantCulture, $"ddlo.run.steps={steps}")] : Overrides);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.LoadScenario();
        // A node hosts plug-in policies from its own ddlo.plugins, loaded now: a missing one fails here, in one line.
        Actors.Plugins.PolicyPlugins.Load(scenario.Settings.Plugins);
        var options = settings.Options().Validate();
        // A port in use is refused before the results folder is made.
        options.EnsurePortFree();
        // So is a management port in use; the node is live from here, and ready once it is an Up member.
        ClusterNode? node = null;
        using var management = settings.ManagementPort is { } managementPort
            ? ManagementEndpoint.Start(managementPort, "--management-port", () => Volatile.Read(ref node)?.Cluster.SelfMember.Status == Akka.Cluster.MemberStatus.Up)
            : null;
        string? output = options.IsEdge ? ResultsFolder.Claim(settings.Out, "node", settings.Force) : null;
        Logging.Configure(output);

        node = await ClusterNode.StartAsync(scenario, options, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"ddlo node {string.Join(",", options.Roles)} is up at {node.Address}");
        if (!options.IsEdge)
        {
            // A worker serves until the edge node tells it to leave (or leaves itself).
            await node.System.WhenTerminated.WaitAsync(cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"ddlo node {node.Address} left the cluster");
            return 0;
        }

        var record = await node.RunSimulationAsync(scenario, cancellationToken: cancellationToken).ConfigureAwait(false);
        var summary = RunSummary.From(record);
        var json = SummaryJson.From(summary, scenario, new Dictionary<string, object>
        {
            ["cluster_members"] = node.Cluster.State.Members.Count,
            ["results"] = output!,
        });
        ResultsWriter.Write(output!, record, json, scenario);
        await node.LeaveClusterAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);

        if (settings.Json)
        {
            JsonOutput.Write(json);
        }
        else
        {
            RunView.ShowSummary(summary);
            AnsiConsole.MarkupLine($"Results: [bold]{Markup.Escape(output!)}[/]");
        }

        return 0;
    }
}
