using Ddlo.Actors.Cluster;
using Ddlo.Actors.Configuration;
using Ddlo.Cli.Commands;
using Ddlo.Core.Data;
using Ddlo.Hosting.Cluster;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli;

/// <summary>The <c>ddlo</c> command line: its commands, and one clear line (no stack trace) for a user's mistake.</summary>
public static class DdloApp
{
    /// <summary>Exit code for bad input: a scenario, data set or argument the user can fix.</summary>
    public const int UserErrorExitCode = 2;

    /// <summary>
    /// Exit code for a run that could not write what it computed (a checkpoint or a results file), or for output that
    /// could not be written to stdout: EX_IOERR of sysexits.h. The run kept its last good checkpoint.
    /// </summary>
    public const int WriteFailedExitCode = 74;

    public static int Run(string[] args)
    {
        // Before anything prints: a closed or full stdout must not cost a run its results folder.
        var output = Hosting.Sessions.GuardedOutput.Install();
        int code = RunCommand(args);
        if (output.Report() is { } line)
        {
            Console.Error.WriteLine(line);
            return code == 0 ? WriteFailedExitCode : code;
        }

        return code;
    }

    private static int RunCommand(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("ddlo");
            config.PropagateExceptions();
            config.Settings.StrictParsing = true;
            config.AddCommand<SimulateCommand>("simulate")
                .WithDescription("Run the DDLO loop as actors on one node: progress, summary table, results folder (CSV, JSON, PNG).")
                .WithExample("simulate", "--scenario", "hocon/scenarios/paper-3x3.conf", "--steps", "20000", "--out", "results/paper");
            config.AddCommand<ExperimentCommand>("experiment")
                .WithDescription("Run an experiment file (a figure of the paper, or a study such as learning at scale): CSV of every repetition, PNG, and report.md against the published claims or our targets.")
                .WithExample("experiment", "--file", "hocon/experiments/paper.conf", "--quick");
            config.AddCommand<NodeCommand>("node")
                .WithDescription("One member of an Akka.Cluster running the simulation with its actors spread by role (edge, learner, solver, devices, all), or taking the runs of `ddlo experiment --cluster` (runs).")
                .WithExample("node", "--role", "edge,solver", "--port", "4053", "--seed", "127.0.0.1:4053", "--set", "akka.cluster.role.learner.min-nr-of-members=2");
            config.AddCommand<ExportCommand>("export")
                .WithDescription("Pack a finished run's networks and system into one model file.")
                .WithExample("export", "--from", "results/paper", "--out", "model.ddlo");
            config.AddCommand<DecideCommand>("decide")
                .WithDescription("Decide from a model file: no training, replay memory or cluster.")
                .WithExample("decide", "--model", "model.ddlo", "--workload", "22,25,10,13,13,17,19,29,28");
            config.AddBranch<BenchSettings>("bench", bench =>
            {
                bench.SetDescription("Pipeline throughput (steps/s with training, K = 1, 3, 5), frozen decision latency p50/p99 and peak memory; or one of the benches below.");
                bench.SetDefaultCommand<BenchCommand>();
                bench.AddCommand<ModelBench>("model")
                    .WithDescription("Decision latency from an exported model file, on one core.")
                    .WithExample("bench", "model", "model.ddlo", "--json");
                bench.AddCommand<PlatformBench>("platform")
                    .WithDescription("Training and inference time (K = 5, sequential) on one platform: single, cluster-1, cluster-2 or cluster-3 loopback processes.")
                    .WithExample("bench", "platform", "cluster-2", "--steps", "3000");
                bench.AddCommand<MapBench>("map")
                    .WithDescription("A map of cells (city-16-cells by default) with training on and scoring off: device-slots/s, each cell's decision latency, peak memory.")
                    .WithExample("bench", "map", "--steps", "500");
                bench.AddCommand<ClusterBench>("cluster")
                    .WithDescription("One node against a 3-process loopback cluster: decisions/s pipelined, latency one slot at a time.")
                    .WithExample("bench", "cluster", "--steps", "3000");
                bench.AddCommand<FarmBench>("farm")
                    .WithDescription("An experiment file (fig10's 12 runs by default) in one process and spread over two (ddlo experiment --cluster, a ddlo node --role runs), each pinned to a core and on every core: wall time, speed-up, runs per node, whether the CSVs are the same.")
                    .WithExample("bench", "farm", "--file", "hocon/experiments/fig10-learning-rate.conf");
            });
            config.AddCommand<SolveCommand>("solve")
                .WithDescription("Q, bandwidth split and breakdown of one decision; --decision best searches all 2^(NM).")
                .WithExample("solve", "--scenario", "hocon/scenarios/paper-3x3.conf", "--workload", "22,25,10,13,13,17,19,29,28", "--decision", "best");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("Serve the simulator's slots as environments over gRPC (proto/ddlo_env.proto) for agents in other processes: reset, step, batched.")
                .WithExample("serve", "--port", "50051", "--scenario", "hocon/scenarios/paper-3x3.conf");
            config.AddCommand<EvaluateCommand>("evaluate")
                .WithDescription("Mean gain ratio of a policy over a data set with exact optima; --policy ddlo learns online with the published protocol.")
                .WithExample("evaluate", "--scenario", "hocon/scenarios/ddlo-reference.conf", "--dataset", "samples/data/ddlo-mumt-3x3.csv", "--policy", "exhaustive");
        });

        try
        {
            return app.Run(args);
        }
        catch (Actors.Simulation.RunWriteException e)
        {
            Console.Error.WriteLine($"ddlo: error: {e.Message}");
            return WriteFailedExitCode;
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"ddlo: error: {OneLine(Explain(UserError(e).Message, args))}");
            return UserErrorExitCode;
        }
    }

    /// <summary>The longest error line printed: a file quoted whole (a binary given as a scenario) is cut here; a list of plug-in policies fits.</summary>
    private const int MaxLineLength = 1000;

    /// <summary>
    /// An error as one printable line: a control character (from a binary file or an argument quoted back) shows as
    /// <c>\uXXXX</c> (a line break as a space), and a line past <see cref="MaxLineLength"/> is cut with an ellipsis.
    /// </summary>
    internal static string OneLine(string message)
    {
        var line = new System.Text.StringBuilder(Math.Min(message.Length, MaxLineLength + 16));
        foreach (char c in message)
        {
            if (line.Length >= MaxLineLength)
            {
                return line.Append(" ...").ToString();
            }

            _ = c is '\n' or '\r' or '\t' ? line.Append(' ')
                : char.IsControl(c) || c is '\uFFFD' ? line.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")
                : line.Append(c);
        }

        return line.ToString().TrimEnd();
    }

    /// <summary>A user error thrown on another thread (a parallel search) arrives wrapped: the first one is the line.</summary>
    private static Exception UserError(Exception e) =>
        e is AggregateException aggregate ? UserError(aggregate.Flatten().InnerExceptions[0]) : e;

    /// <summary>Spectre's "Failed to convert 'abc' to Nullable`1." names neither the option nor what it wants: say both.</summary>
    private static string Explain(string message, string[] args)
    {
        var match = System.Text.RegularExpressions.Regex.Match(message, @"^Failed to convert '(?<value>.*)' to (?<type>[\w`]+)\.?$");
        if (!match.Success)
        {
            return message;
        }

        string value = match.Groups["value"].Value;
        int at = Array.IndexOf(args, value);
        string option = at > 0 && args[at - 1].StartsWith("--", StringComparison.Ordinal) ? args[at - 1] : "an option";
        string wanted = match.Groups["type"].Value is "Double" or "Single" ? "a number" : "a whole number";
        return $"{option}: expected {wanted}, got '{value}'.";
    }

    private static bool IsUserError(Exception e) =>
        e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.All(IsUserError) :
        e is ScenarioException or InputException or DatasetFormatException or ArgumentException or CommandAppException or ClusterJoinException or Actors.Farm.FarmRunException
            or Learning.Deployment.ModelFormatException or Learning.NumericsConflictException or Actors.Checkpoints.CheckpointException or Actors.Simulation.SimulationFailedException or Actors.Plugins.PluginException
            or Serving.Environments.EnvironmentException
            or IOException or UnauthorizedAccessException;
}
