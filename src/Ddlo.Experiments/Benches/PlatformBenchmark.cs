using System.Diagnostics;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Experiments.Benches;

/// <summary>
/// Training and inference time of the K = 5 sequential loop on one platform. Training: wall time per 1,000 steps
/// with training on. Inference: decision latency p50/p99 with learning frozen. A cluster of n processes is this
/// process (edge and solver; everything for n = 1) and n - 1 learners on loopback.
/// </summary>
public static class PlatformBenchmark
{
    /// <summary>
    /// Measures <paramref name="platform"/> on the scenario <paramref name="load"/> gives (with extra overrides), for
    /// <paramref name="steps"/> steps a run; learners are started by <paramref name="learnerProcess"/> (null: nodes in
    /// this process).
    /// </summary>
    public static async Task<PlatformMeasurement> MeasureAsync(
        Func<string[], Scenario> load, Platform platform, long steps, Func<string, ProcessStartInfo>? learnerProcess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        string[] common = ["ddlo.run.score-against-optimum=off", "ddlo.run.max-in-flight=1", FormattableString.Invariant($"ddlo.run.steps={steps}")];
        Scenario Load(params string[] extra) => load([.. common, .. extra]);
        var training = Load();
        var frozen = Load(FormattableString.Invariant($"ddlo.learning.warmup={steps + 1}"));
        var warmup = Load("ddlo.run.steps=500");

        (RunRecord Training, RunRecord Frozen) records = platform == Platform.SingleNode
            ? await Single(warmup, training, frozen, cancellationToken).ConfigureAwait(false)
            : await Cluster(platform.ClusterProcesses(), Load, learnerProcess, warmup, training, frozen, cancellationToken).ConfigureAwait(false);
        var frozenSummary = RunSummary.From(records.Frozen);
        return new PlatformMeasurement(
            platform.Name(),
            Environment.ProcessorCount,
            training.Settings.Learning.DnnCount,
            steps,
            // From the first slot to the last decision: placing the workers and joining the cluster are the set-up, apart.
            records.Training.ElapsedSeconds / records.Training.Steps.Length * 1e6,
            records.Training.SetupSeconds,
            frozenSummary.LatencyMicrosecondsP50,
            frozenSummary.LatencyMicrosecondsP99);
    }

    private static async Task<(RunRecord, RunRecord)> Single(Scenario warmup, Scenario training, Scenario frozen, CancellationToken cancellationToken)
    {
        // The first run pays for JIT compilation and libtorch's first calls: not measured.
        await SimulationRunner.RunAsync(warmup, cancellationToken).ConfigureAwait(false);
        var trained = await SimulationRunner.RunAsync(training, cancellationToken).ConfigureAwait(false);
        var inferred = await SimulationRunner.RunAsync(frozen, cancellationToken).ConfigureAwait(false);
        return (trained, inferred);
    }

    private static async Task<(RunRecord, RunRecord)> Cluster(
        int processes, Func<string[], Scenario> load, Func<string, ProcessStartInfo>? learnerProcess, Scenario warmup, Scenario training, Scenario frozen, CancellationToken cancellationToken)
    {
        // One process does everything; more put the DNNs in learner processes.
        string[] roles = processes == 1 ? ["all"] : ["edge", "solver"];
        await using var cluster = await LoopbackCluster.StartAsync(roles, processes - 1, load, learnerProcess, cancellationToken).ConfigureAwait(false);
        Task<RunRecord> Run(Scenario scenario) => cluster.Node.RunSimulationAsync(scenario, cancellationToken: cancellationToken);
        await Run(warmup).ConfigureAwait(false);
        return (await Run(training).ConfigureAwait(false), await Run(frozen).ConfigureAwait(false));
    }
}
