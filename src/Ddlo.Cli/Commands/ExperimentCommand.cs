using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Farm;
using Ddlo.Cli.Output;
using Ddlo.Experiments;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo experiment</c>: runs an experiment file (or a suite of them) and writes, per experiment, the CSV of
/// every repetition, the PNG figure and report.md, which sets each published claim beside the measured result.
/// Experiments run one after another; the independent runs inside a convergence or energy experiment run side by
/// side on the cores, and timing and platform experiments run alone.
/// </summary>
public sealed class ExperimentCommand : AsyncCommand<ExperimentCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--file|--scenario <FILE>")]
        [Description("Experiment file (hocon/experiments/...); hocon/experiments/paper.conf runs every figure. --scenario is the same option, kept for earlier scripts.")]
        public string? ExperimentFile { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Results folder: new or empty (see --force). Default: results/experiment-<name>-<timestamp>, unique.")]
        public string? Out { get; init; }

        [CommandOption("--force")]
        [Description("Let --out name a folder that holds an earlier run's files: they are removed first.")]
        public bool Force { get; init; }

        [CommandOption("--quick")]
        [Description("Each file's smaller quick { } profile: fewer values, seeds and steps (minutes instead of a quarter hour).")]
        public bool Quick { get; init; }

        [CommandOption("--json")]
        [Description("Print the claims as JSON instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--cluster")]
        [Description("Spread the runs over an Akka.Cluster: this process founds it (or joins --seed) and takes runs itself, and each `ddlo node --role runs --seed <this node>` takes as many at once as it has cores. A node lost mid-run has its runs re-run on the others; the CSVs are those of one node. Timing and platform experiments, and DROO's data-set replays, still run here.")]
        public bool Cluster { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("With --cluster: this node's TCP port (0: any free port). Default: 0.")]
        public int? Port { get; init; }

        [CommandOption("--hostname <HOST>")]
        [Description("With --cluster: the address this node binds to and the others reach it at. Default: 127.0.0.1.")]
        public string? Hostname { get; init; }

        [CommandOption("--seed <HOST:PORT>")]
        [Description("With --cluster: join the cluster through this node (repeatable) instead of founding one.")]
        public string[] Seeds { get; init; } = [];

        [CommandOption("--nodes <N>")]
        [Description("With --cluster: wait until N nodes take runs (this one included) before the first run. Default: 1.")]
        public int? Nodes { get; init; }

        [CommandOption("--join-timeout <SECONDS>")]
        [Description("With --cluster: give up forming the cluster, or waiting for --nodes, after this many seconds. Default: 60.")]
        public int? JoinTimeoutSeconds { get; init; }

        [CommandOption("--run-timeout <SECONDS>")]
        [Description("With --cluster: a run a node has not finished after this many seconds is stopped there and given to another node (a node that hangs without leaving the cluster). Default: none.")]
        public int? RunTimeoutSeconds { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(ExperimentFile))
            {
                return ValidationResult.Error("--file FILE is required (an experiment file, e.g. hocon/experiments/paper.conf).");
            }

            if (Nodes < 1)
            {
                return ValidationResult.Error($"--nodes: expected at least 1 (this node), got {Nodes}.");
            }

            if (RunTimeoutSeconds < 1)
            {
                return ValidationResult.Error($"--run-timeout: expected a whole number of seconds, at least 1, got {RunTimeoutSeconds}.");
            }

            if (!Cluster && (Port is not null || Seeds.Length > 0 || Nodes is not null || Hostname is not null || JoinTimeoutSeconds is not null || RunTimeoutSeconds is not null))
            {
                return ValidationResult.Error("--port, --hostname, --seed, --nodes, --join-timeout and --run-timeout shape the cluster of --cluster: give --cluster too.");
            }

            return ValidationResult.Success();
        }

        public NodeOptions NodeOptions() =>
            Hosting.Cluster.NodeOptions.ForExperiment(Hostname ?? "127.0.0.1", Port ?? 0, [.. Seeds], TimeSpan.FromSeconds(JoinTimeoutSeconds ?? 60)).Validate();
    }

    /// <summary>What an experiment does on SIGINT or SIGTERM: its runs cannot checkpoint, so they are dropped.</summary>
    private const string Stopping = "stopping the experiment's runs (an experiment cannot resume; the experiments already finished are kept)";

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var signals = new StopSignals(Stopping);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signals.Token);
        try
        {
            return await RunAsync(settings, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (signals.Signal is not null)
        {
            Console.Error.WriteLine(stoppedIn is { } stopped
                ? StoppedLine(stopped.Suite, stopped.Output, settings)
                : "ddlo: stopped while the cluster formed, before any run; nothing was written.");
            return signals.ExitCode;
        }
    }

    private (ExperimentSuite Suite, string Output)? stoppedIn;

    /// <summary>One line: what a stopped experiment left, and how to go on (it cannot resume).</summary>
    private static string StoppedLine(ExperimentSuite suite, string output, Settings settings)
    {
        var finished = ExperimentRunner.Finished(suite, output);
        string again = $"run it again with a new --out, or with --out {output} --force{(settings.Quick ? " --quick" : string.Empty)}";
        return finished.Count == 0
            ? $"ddlo: stopped before any experiment finished; {output} holds only ddlo.log. An experiment cannot resume: {again}."
            : $"ddlo: stopped; {output} keeps the {finished.Count} of {suite.Plans.Length} experiments that finished ({string.Join(", ", finished.Select(p => p.Name))}: report.md, CSV and PNG each) and ddlo.log. An experiment cannot resume: {again}.";
    }

    private async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var suite = Experiments.ExperimentFile.Load(settings.ExperimentFile!, settings.Quick, SelfCommand.Experiments);
        if (!settings.Cluster)
        {
            using var folder = Claim(settings, suite);
            return await RunAsync(settings, suite, folder.Folder, new ExperimentRunner(SelfCommand.Experiments), cancellationToken).ConfigureAwait(false);
        }

        // The cluster forms, and the nodes asked for join, before the results folder is claimed: a cluster that cannot
        // form leaves nothing behind, and takes nothing --force would remove.
        var nodeOptions = settings.NodeOptions();
        nodeOptions.EnsurePortFree();
        Logging.Configure(resultsDirectory: null);
        await using var node = await ClusterNode.StartAsync(Actors.Configuration.Scenario.Default, nodeOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            using var farm = RunFarmPool.Start(node.System, e =>
            {
                if (e.Kind != FarmEventKind.Finished)
                {
                    Console.Error.WriteLine(FarmLine(e));
                }
            },
            settings.RunTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
            Console.Error.WriteLine($"ddlo experiment: cluster node {node.Address}; the other nodes join with `ddlo node --role runs --seed {node.Address.Host}:{node.Address.Port}`");
            try
            {
                await farm.WaitForNodesAsync(settings.Nodes ?? 1, nodeOptions.JoinTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new ClusterJoinException(e.Message);
            }

            using var folder = Claim(settings, suite);
            int code = await RunAsync(settings, suite, folder.Folder, new ExperimentRunner(SelfCommand.Experiments, farm), cancellationToken).ConfigureAwait(false);
            Console.Error.WriteLine($"ddlo experiment: runs finished per node: {string.Join(", ", farm.FinishedByNode.OrderBy(n => n.Key.ToString(), StringComparer.Ordinal).Select(n => $"{n.Key.Host}:{n.Key.Port} {n.Value}"))}");
            return code;
        }
        finally
        {
            // The runs nodes leave with this one.
            await node.LeaveClusterAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
    }

    /// <summary>Claims the results folder and logs into it; a stop from here on says what the folder kept.</summary>
    private RunFolderLock Claim(Settings settings, ExperimentSuite suite)
    {
        var folder = ResultsFolder.Claim(settings.Out, $"experiment-{Path.GetFileNameWithoutExtension(settings.ExperimentFile!)}", settings.Force);
        stoppedIn = (suite, folder.Folder);
        Logging.Configure(folder.Folder);
        return folder;
    }

    /// <summary>One line on stderr for what happened in the farm worth an operator's eye: nodes joining and lost.</summary>
    private static string FarmLine(FarmEvent e) => e.Kind switch
    {
        FarmEventKind.Joined => $"ddlo experiment: node {e.Node} takes runs, {e.Capacity} at once",
        FarmEventKind.Lost => $"ddlo experiment: node {e.Node} is lost; {(e.Runs.IsEmpty ? "it held no unfinished run" : $"its unfinished runs ({string.Join(", ", e.Runs)}) go to the other nodes")}",
        FarmEventKind.Started => $"ddlo experiment: run {e.Run} started on {e.Node}",
        FarmEventKind.TimedOut => $"ddlo experiment: run {e.Run} was not finished on {e.Node} within --run-timeout; it is stopped there, counts as failed there, and goes to a node that has not failed it",
        _ => $"ddlo experiment: run {e.Run} finished on {e.Node}",
    };

    private static async Task<int> RunAsync(Settings settings, ExperimentSuite suite, string output, ExperimentRunner runner, CancellationToken cancellationToken)
    {
        string command = $"./run.sh experiment --file {Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(settings.ExperimentFile!))}{(settings.Quick ? " --quick" : string.Empty)}";
        IReadOnlyList<ExperimentResult> results = [];
        if (settings.Json)
        {
            results = await runner.RunAsync(suite, output, command, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var tasks = suite.Plans.ToDictionary(p => p.Name, p => progress.AddTask(Markup.Escape($"{p.Name}: 0/{runner.RunCount(p)} runs"), autoStart: false, maxValue: runner.RunCount(p)));
                    results = await runner.RunAsync(suite, output, command, plan =>
                    {
                        var task = tasks[plan.Name];
                        task.StartTask();
                        int done = 0;
                        return () =>
                        {
                            int now = Interlocked.Increment(ref done);
                            task.Increment(1);
                            task.Description = Markup.Escape($"{plan.Name}: {now}/{runner.RunCount(plan)} runs");
                        };
                    }, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        var claims = results.SelectMany(r => r.Claims.Select(c => (r.Plan.Name, Claim: c))).ToList();
        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["results"] = output,
                ["experiments"] = results.Select(r => new { name = r.Plan.Name, csv = r.Csv, figure = r.Figure, seconds = r.Elapsed.TotalSeconds }).ToList(),
                ["claims"] = claims.Select(c => new { experiment = c.Name, claim = c.Claim.Statement, published = c.Claim.Published, measured = c.Claim.Measured, verdict = c.Claim.Verdict }).ToList(),
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("claims and targets").AddColumn("experiment").AddColumn("claim").AddColumn("verdict");
        foreach (var (experiment, claim) in claims)
        {
            table.AddRow(Markup.Escape(experiment), Markup.Escape(claim.Statement), claim.Holds switch { true => "[green]reproduced[/]", false => "[red]not reproduced[/]", null => "not comparable" });
        }

        if (claims.Count > 0)
        {
            AnsiConsole.Write(table);
        }
        else
        {
            AnsiConsole.MarkupLine("No published claim or target applies: report.md holds what was measured.");
        }

        AnsiConsole.MarkupLine($"Results: [bold]{Markup.Escape(output)}[/] (report.md, CSV, PNG and SVG per experiment)");
        return 0;
    }
}
