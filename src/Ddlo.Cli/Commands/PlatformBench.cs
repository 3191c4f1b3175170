using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Cli.Experiments;
using Ddlo.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo bench platform single|cluster-1|cluster-2|cluster-3</c>: training and inference time of the K = 5
/// sequential loop on one platform. Training: wall time per 1,000 steps with training on. Inference: decision
/// latency p50/p99 with learning frozen. A cluster of n processes is this process (edge and solver; everything for
/// n = 1) and n - 1 learner processes on loopback. Run it under <c>taskset -c 0</c> to limit it to one core: the
/// learner processes inherit the limit.
/// </summary>
public sealed class PlatformBench : AsyncCommand<PlatformBench.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandArgument(0, "<PLATFORM>")]
        [Description("single | cluster-1 | cluster-2 | cluster-3 (loopback processes).")]
        public string Platform { get; init; } = string.Empty;

        /// <summary>The platform, once <see cref="Validate"/> has accepted its name.</summary>
        public Platform Parsed => PlatformNames.TryParse(Platform, out var platform) ? platform : throw new InvalidOperationException($"'{Platform}' is not a platform.");

        public override ValidationResult Validate() =>
            !PlatformNames.TryParse(Platform, out _) ? ValidationResult.Error($"platform: unknown platform '{Platform}'; expected {string.Join(", ", PlatformNames.All)}.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        var platform = settings.Parsed;
        string steps = $"ddlo.run.steps={settings.Steps.ToString(CultureInfo.InvariantCulture)}";
        string[] common = [.. settings.Overrides, "ddlo.run.score-against-optimum=off", "ddlo.run.max-in-flight=1", steps];
        Scenario Load(params string[] extra) => Scenario.Load(settings.ScenarioFile, [.. common, .. extra]);
        var training = Load();
        var frozen = Load($"ddlo.learning.warmup={settings.Steps + 1}");
        var warmup = Load("ddlo.run.steps=500");

        (RunRecord Training, RunRecord Frozen) records = platform == Platform.SingleNode
            ? await Single(warmup, training, frozen, cancellationToken).ConfigureAwait(false)
            : await Cluster(platform.ClusterProcesses(), Load, warmup, training, frozen, cancellationToken).ConfigureAwait(false);
        var frozenSummary = RunSummary.From(records.Frozen);
        var figures = new Dictionary<string, object>
        {
            ["platform"] = platform.Name(),
            ["processors"] = Environment.ProcessorCount,
            ["dnn_count"] = training.Settings.Learning.DnnCount,
            ["steps"] = settings.Steps,
            // From the first slot to the last decision: placing the workers and joining the cluster are the set-up, apart.
            ["training_ms_per_1000_steps"] = records.Training.ElapsedSeconds / records.Training.Steps.Length * 1e6,
            ["setup_seconds"] = records.Training.SetupSeconds,
            ["latency_us_p50"] = frozenSummary.LatencyMicrosecondsP50,
            ["latency_us_p99"] = frozenSummary.LatencyMicrosecondsP99,
        };
        if (settings.Json)
        {
            JsonOutput.Write(figures);
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"{platform.Name()}, {Environment.ProcessorCount} processor(s)").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in figures)
        {
            table.AddRow(key, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static async Task<(RunRecord, RunRecord)> Single(Scenario warmup, Scenario training, Scenario frozen, CancellationToken cancellationToken)
    {
        // The first run pays for JIT compilation and libtorch's first calls: not measured.
        await SimulationRunner.RunAsync(warmup, SimulationSources.Generated(warmup.Settings), cancellationToken: cancellationToken).ConfigureAwait(false);
        var trained = await SimulationRunner.RunAsync(training, SimulationSources.Generated(training.Settings), cancellationToken: cancellationToken).ConfigureAwait(false);
        var inferred = await SimulationRunner.RunAsync(frozen, SimulationSources.Generated(frozen.Settings), cancellationToken: cancellationToken).ConfigureAwait(false);
        return (trained, inferred);
    }

    private static async Task<(RunRecord, RunRecord)> Cluster(int processes, Func<string[], Scenario> load, Scenario warmup, Scenario training, Scenario frozen, CancellationToken cancellationToken)
    {
        // One process does everything; more put the DNNs in learner processes.
        string[] roles = processes == 1 ? ["all"] : ["edge", "solver"];
        await using var cluster = await LoopbackCluster.StartAsync(roles, processes - 1, load, cancellationToken).ConfigureAwait(false);
        Task<RunRecord> Run(Scenario scenario) => cluster.Node.RunSimulationAsync(scenario, cancellationToken: cancellationToken);
        await Run(warmup).ConfigureAwait(false);
        return (await Run(training).ConfigureAwait(false), await Run(frozen).ConfigureAwait(false));
    }
}
