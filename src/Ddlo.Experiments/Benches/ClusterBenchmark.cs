using System.Diagnostics;
using Ddlo.Actors.Cluster;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Experiments.Benches;

/// <summary>
/// One node against a 3-process loopback cluster (this process as edge+solver, two learners), on the same runs
/// (training on, scoring off): decisions/s with slots pipelined, and decision latency one slot at a time. Beside
/// them, where a pipelined slot's time goes: the messages that cross per slot, the edge node's serialization time,
/// and the transport's round trip to a learner node apart from any queue of work (<see cref="TransportProbe"/>), idle
/// and under the pipelined run.
/// </summary>
public static class ClusterBenchmark
{
    /// <summary>
    /// Measures with <paramref name="load"/> (a scenario with extra overrides; the bench adds steps, K = 5 and its
    /// in-flight settings), <paramref name="maxInFlight"/> slots in flight for the pipelined runs, and learners started
    /// by <paramref name="learnerProcess"/> (null: in this process; see <see cref="LoopbackCluster"/>).
    /// </summary>
    public static async Task<ClusterBenchResult> RunAsync(
        Func<string[], Scenario> load, long steps, int maxInFlight, Func<string, ProcessStartInfo>? learnerProcess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        string pipelined = FormattableString.Invariant($"ddlo.run.max-in-flight={maxInFlight}");
        Scenario Load(params string[] extra) => load(["ddlo.run.score-against-optimum=off", "ddlo.learning.dnn-count=5", FormattableString.Invariant($"ddlo.run.steps={steps}"), .. extra]);

        // Unmeasured warm-up, then the single-node figures.
        await Single(Load("ddlo.run.steps=1000"), cancellationToken).ConfigureAwait(false);
        var singleThroughput = RunSummary.From(await Single(Load(pipelined), cancellationToken).ConfigureAwait(false));
        var singleLatency = RunSummary.From(await Single(Load("ddlo.run.max-in-flight=1"), cancellationToken).ConfigureAwait(false));

        await using var cluster = await LoopbackCluster.StartAsync(["edge", "solver"], 2, Load, learnerProcess, cancellationToken).ConfigureAwait(false);
        // Unmeasured warm-up, as on one node: the learners compile and allocate on their first slots.
        await cluster.Node.RunSimulationAsync(Load("ddlo.run.steps=1000"), cancellationToken: cancellationToken).ConfigureAwait(false);

        // The transport to a learner node on its own: timed back to back while the cluster is otherwise idle (so no
        // thread has time to park), then every 5 ms under the pipelined run.
        var learner = cluster.Node.Cluster.State.Members.First(m => m.HasRole("learner")).Address;
        var host = ClusterMember.WorkerHostPath(learner);
        double idleRoundTrip;
        await using (var idle = TransportProbe.Start(cluster.Node.System, host, TimeSpan.Zero))
        {
            await idle.WaitForAsync(2000, cancellationToken).ConfigureAwait(false);
            idleRoundTrip = idle.MedianMicroseconds;
        }

        // Every message that crosses a node boundary passes through this (edge) node: counted over the pipelined run.
        RunSummary clusterThroughput;
        IReadOnlyList<(string Direction, string Message, long Count)> messages;
        double serializationSeconds, loadedRoundTrip;
        using (var count = new RemoteMessageCount())
        await using (var loaded = TransportProbe.Start(cluster.Node.System, host, TimeSpan.FromMilliseconds(5)))
        {
            clusterThroughput = RunSummary.From(await cluster.Node.RunSimulationAsync(Load(pipelined), cancellationToken: cancellationToken).ConfigureAwait(false));
            messages = count.Counts;
            serializationSeconds = count.SerializationSeconds;
            loadedRoundTrip = loaded.MedianMicroseconds;
        }

        var clusterLatency = RunSummary.From(await cluster.Node.RunSimulationAsync(Load("ddlo.run.max-in-flight=1"), cancellationToken: cancellationToken).ConfigureAwait(false));
        return new ClusterBenchResult(steps, maxInFlight, singleThroughput, singleLatency, clusterThroughput, clusterLatency, messages, serializationSeconds, idleRoundTrip, loadedRoundTrip);
    }

    private static Task<RunRecord> Single(Scenario scenario, CancellationToken cancellationToken) =>
        SimulationRunner.RunAsync(scenario, cancellationToken);
}
