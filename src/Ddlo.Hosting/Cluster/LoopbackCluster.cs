using System.Diagnostics;
using Ddlo.Actors.Cluster;
using Ddlo.Actors.Configuration;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// A cluster on this machine for the benches and tests: this process as the edge node, and learners joined to it over
/// loopback, each a process of its own (a command such as <c>ddlo node --role learner --seed HOST:PORT</c>) or a node
/// in this process. Disposing it has every member leave, and reaps the learner processes.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<Process> learners;
    private readonly List<ClusterNode> inProcess;

    private LoopbackCluster(ClusterNode node, List<Process> learners, List<ClusterNode> inProcess)
    {
        Node = node;
        this.learners = learners;
        this.inProcess = inProcess;
    }

    /// <summary>The edge node, in this process: run simulations on it.</summary>
    public ClusterNode Node { get; }

    /// <summary>
    /// Starts <paramref name="learnerCount"/> learners and an edge node with <paramref name="roles"/> that waits for
    /// them (with none, the edge node needs the learner role itself, e.g. <c>all</c>). <paramref name="load"/> loads the
    /// edge node's scenario with extra overrides. <paramref name="learnerProcess"/> gives the command of a learner
    /// process that joins the seed it is given (HOST:PORT); without one, the learners are nodes in this process.
    /// </summary>
    public static async Task<LoopbackCluster> StartAsync(
        string[] roles, int learnerCount, Func<string[], Scenario> load, Func<string, ProcessStartInfo>? learnerProcess, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        int port = LoopbackPorts.FindFree();
        string seed = $"127.0.0.1:{port}";
        var scenario = load([$"akka.cluster.role.learner.min-nr-of-members={Math.Max(1, learnerCount)}"]);
        var learners = learnerProcess is null ? [] : Enumerable.Range(0, learnerCount).Select(_ => StartLearner(learnerProcess(seed))).ToList();
        var inProcess = new List<ClusterNode>();
        try
        {
            var starting = ClusterNode.StartAsync(scenario, new NodeOptions([.. roles], "127.0.0.1", port, [], TimeSpan.FromSeconds(60)), cancellationToken);
            if (learnerProcess is null)
            {
                // All at once: no member is Up before the minimum of learners has joined.
                var starts = Enumerable.Range(0, learnerCount)
                    .Select(_ => ClusterNode.StartAsync(scenario, new NodeOptions(["learner"], "127.0.0.1", 0, [seed], TimeSpan.FromSeconds(60)), cancellationToken))
                    .ToList();
                try
                {
                    inProcess.AddRange(await Task.WhenAll(starts).ConfigureAwait(false));
                }
                catch
                {
                    // Those that did start are stopped with the rest below.
                    inProcess.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                    throw;
                }
            }

            return new LoopbackCluster(await starting.ConfigureAwait(false), learners, inProcess);
        }
        catch
        {
            Reap(learners);
            foreach (var node in inProcess)
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.LeaveClusterAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        finally
        {
            Reap(learners);
            foreach (var node in inProcess)
            {
                // A learner leaves with the edge node; one that has not stopped in time is stopped here.
                try
                {
                    await node.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    Serilog.Log.Warning("A loopback learner at {Address} had not left 30 s after the edge node; stopping it", node.Address);
                }

                await node.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Learners leave with the cluster; one that does not exit in time is killed.</summary>
    private static void Reap(List<Process> learners)
    {
        foreach (var learner in learners)
        {
            if (!learner.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                learner.Kill(entireProcessTree: true);
            }

            learner.Dispose();
        }
    }

    private static Process StartLearner(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
