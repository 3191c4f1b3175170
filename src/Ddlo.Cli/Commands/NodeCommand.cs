using System.Collections.Immutable;
using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Cluster;
using Ddlo.Actors.Recording;
using Ddlo.Cli.Output;
using Ddlo.Experiments;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo node</c>: one member of an Akka.Cluster running the simulation with its actors spread by role. The edge
/// node runs the simulation once the cluster has its minimum members, writes the results, and then has every node
/// leave, so all processes exit with code 0. The edge node checkpoints the run into its results folder as
/// <c>simulate</c> does (every <c>ddlo.run.checkpoint-interval</c> steps, and on Ctrl-C or SIGTERM, after which the
/// cluster stops), and <c>--resume DIR</c> continues it on whatever cluster forms next.
/// </summary>
public sealed class NodeCommand : AsyncCommand<NodeCommand.Settings>
{
    public sealed class Settings : ScenarioCommandSettings
    {
        [CommandOption("--role <ROLE>")]
        [Description("edge | learner | solver | devices | cells | runs | all; repeat or comma-separate for several (e.g. edge,solver). cells: host copies of a map's learner with the cells they serve (learner nodes do when no node has cells). runs: take the runs of a `ddlo experiment --cluster`.")]
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

        [CommandOption("--discovery <METHOD>")]
        [Description("Join without seeds, through Akka.Management's Cluster Bootstrap: config (the --contact-point list, or akka.discovery.config.services.ddlo.endpoints) or kubernetes (the running pods labelled app=ddlo in this pod's namespace, through the Kubernetes API; settings under akka.discovery.ddlo-kubernetes). Needs --management-port: the nodes probe each other's contact points there, and the lowest address forms the cluster.")]
        public string? Discovery { get; init; }

        [CommandOption("--contact-point <HOST:PORT>")]
        [Description("With --discovery config: the management endpoint (--hostname:--management-port) of a node that forms the cluster; repeat for each, this node included.")]
        public string[] ContactPoints { get; init; } = [];

        [CommandOption("--steps <N>")]
        [Description("Learning steps (overrides ddlo.run.steps; edge node).")]
        public long? Steps { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Results folder of the edge node: new or empty (see --force). Default: results/node-<timestamp>, unique.")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Let --out name a folder that holds an earlier run's files: they are removed first.")]
        public bool Force { get; init; }

        [CommandOption("--resume <DIR>")]
        [Description("Edge node: continue the cluster run in this results folder from its last checkpoint, on the members that join now (the settings come from the checkpoint; --steps may extend it).")]
        public string? Resume { get; init; }

        [CommandOption("--management-port <PORT>")]
        [Description("Serve this node's health checks (Akka.Hosting's: /health/live while its ActorSystem runs; /health/ready once it is a member of the cluster), its Cluster Bootstrap contact point (/bootstrap/seed-nodes) and its Prometheus metrics (/metrics: slots decided and degraded, DNN restarts, training rounds, the rolling gain ratio, decision latency and candidates per slot, protocol messages sent to and received from other nodes, by type) on http://localhost:PORT (or --hostname:PORT, when that is not loopback) while it runs.")]
        public int? ManagementPort { get; init; }

        [CommandOption("--join-timeout <SECONDS>")]
        [Description("Give up joining after this many seconds. Default: 60.")]
        public int JoinTimeoutSeconds { get; init; } = 60;

        public override ValidationResult Validate()
        {
            if (ManagementPort is { } port && (port < 1 || port > 65535))
            {
                return ValidationResult.Error($"--management-port must be a port number from 1 to 65535, got {port}.");
            }

            if (Resume is { } resume && string.IsNullOrWhiteSpace(resume))
            {
                return ValidationResult.Error("--resume: expected the results folder of the run to continue, got an empty name.");
            }

            if (Resume is not null && (ScenarioFile is not null || Overrides.Any(o => !o.Contains("akka.", StringComparison.Ordinal)) || Out is not null || Force))
            {
                return ValidationResult.Error("--resume continues a run with the settings it was started with: drop --scenario, --set (but for akka.* keys), --out and --force (only --steps may be given).");
            }

            return base.Validate();
        }

        public NodeOptions Options() => new(
            Roles.SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToImmutableArray(),
            Hostname,
            Port,
            [.. Seeds],
            TimeSpan.FromSeconds(JoinTimeoutSeconds))
        {
            Discovery = Discovery,
            ContactPoints = [.. ContactPoints],
            ManagementPort = ManagementPort,
        };

        public override Actors.Configuration.Scenario LoadScenario() =>
            Actors.Configuration.Scenario.Load(CheckedScenarioFile, Steps is { } steps ? [.. Overrides, string.Create(CultureInfo.InvariantCulture, $"ddlo.run.steps={steps}")] : Overrides);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.Options().Validate();
        if (options.IsExperiment)
        {
            throw new ArgumentException($"--role: '{Actors.Cluster.ClusterMember.ExperimentRole}' is the role of `ddlo experiment --cluster`'s own node; a node that takes its runs has --role runs.");
        }
        if (settings.Resume is not null && !options.IsEdge)
        {
            throw new ArgumentException("--resume: only the edge node resumes a run; start the other nodes as usual.");
        }

        // The edge node resuming a run takes its settings from the checkpoint; --set akka.* still shapes this node.
        var scenario = settings.Resume is null ? settings.LoadScenario() : null;
        // A node hosts plug-in policies from its own ddlo.plugins, loaded now: a missing one fails here, in one line.
        // Discovery it cannot use, or a port in use (its own or its management port), is refused before any results folder is made.
        if (scenario is not null)
        {
            Actors.Plugins.PolicyPlugins.Load(scenario.Settings.Plugins);
            ClusterNode.CheckDiscovery(scenario, options);
            ClusterNode.CheckBindAddress(scenario);
        }

        options.EnsurePortFree();
        using var session = settings.Resume is { } directory ? RunSession.Resume(directory, settings.Steps, [.. settings.Overrides])
            : options.IsEdge ? RunSession.Start(scenario!, ResultsFolder.Claim(settings.Out, "node", settings.Force))
            : null;
        if (session is not null)
        {
            scenario = session.Scenario;
            Actors.Plugins.PolicyPlugins.Load(scenario.Settings.Plugins);
        }
        else
        {
            Logging.Configure(resultsDirectory: null);
        }

        await using var node = await ClusterNode.LaunchAsync(scenario!, options, cancellationToken).ConfigureAwait(false);
        await node.JoinAsync(cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"ddlo node {string.Join(",", options.Roles)} is up at {node.Address}");
        if (session is null)
        {
            // A worker serves until the edge node tells it to leave (or leaves itself).
            await node.System.WhenTerminated.WaitAsync(cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"ddlo node {node.Address} left the cluster");
            return 0;
        }

        using var signals = new StopSignals();
        if (session.ResumeFrom is { } from)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ddlo node: resuming {session.Output} from the checkpoint at step {from.Step}"));
        }

        if (Actors.World.MapRunner.IsMap(session.Scenario.Settings))
        {
            // A map of cells: its learner's copies and their cells on the learner nodes, its clock and devices here.
            try
            {
                return await MapView.RunSessionAsync(
                    session,
                    settings.Json,
                    "node",
                    (progress, stop) => node.RunMapAsync(session.Scenario, session.Checkpoints, progress, stop),
                    $"ddlo node --role edge --resume {session.Output} (and its other nodes)",
                    signals).ConfigureAwait(false);
            }
            finally
            {
                // Ended or failed, the run's other nodes leave with this one.
                await node.LeaveClusterAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            }
        }

        var result = await session.RunAsync(
            (checkpoints, stop) => node.RunSimulationAsync(session.Scenario, checkpoints, null, stop),
            signals.Token,
            () => new Dictionary<string, object> { ["cluster_members"] = node.Cluster.State.Members.Count, ["results"] = session.Output }).ConfigureAwait(false);
        await node.LeaveClusterAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (result.Stopped is { } stopped)
        {
            string message = string.Create(CultureInfo.InvariantCulture,
                $"Stopped at step {stopped.Step} of {session.Scenario.Settings.Run.Steps}; checkpoint saved to {stopped.Path}. Continue on a new cluster with: ddlo node --role edge --resume {session.Output} (and its other nodes)");
            if (settings.Json)
            {
                JsonOutput.Write(new Dictionary<string, object> { ["stopped_at"] = stopped.Step, ["checkpoint"] = stopped.Path, ["results"] = session.Output });
            }
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape(message));
            }

            return signals.ExitCode;
        }

        if (settings.Json)
        {
            JsonOutput.Write(result.SummaryJson);
        }
        else
        {
            RunView.ShowSummary(result.Summary!, session.Scenario.Settings.System.Definition.Words);
            AnsiConsole.MarkupLine($"Results: [bold]{Markup.Escape(session.Output)}[/]");
        }

        return 0;
    }
}
