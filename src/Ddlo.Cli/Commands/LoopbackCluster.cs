using System.Diagnostics;
using Ddlo.Actors.Cluster;
using Ddlo.Actors.Configuration;

namespace Ddlo.Cli.Commands;

/// <summary>
/// A cluster on this machine for the benches: this process as the edge node, and learner processes
/// (<c>ddlo node --role learner</c>) joined to it over loopback. Disposing it has every member leave and reaps the
/// learner processes.
/// </summary>
internal sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly List<Process> learners;

    private LoopbackCluster(ClusterNode node, List<Process> learners)
    {
        Node = node;
        this.learners = learners;
    }

    /// <summary>The edge node, in this process: run simulations on it.</summary>
    public ClusterNode Node { get; }

    /// <summary>
    /// Starts <paramref name="learnerProcesses"/> learners and an edge node with <paramref name="roles"/> that waits
    /// for them (with none, the edge node needs the learner role itself, e.g. <c>all</c>). <paramref name="load"/>
    /// loads the edge node's scenario with extra overrides.
    /// </summary>
    public static async Task<LoopbackCluster> StartAsync(string[] roles, int learnerProcesses, Func<string[], Scenario> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        int port = LoopbackPorts.FindFree();
        var learners = Enumerable.Range(0, learnerProcesses).Select(_ => StartLearner(port)).ToList();
        try
        {
            var scenario = load([$"akka.cluster.role.learner.min-nr-of-members={Math.Max(1, learnerProcesses)}"]);
            var node = await ClusterNode.StartAsync(scenario, new NodeOptions([.. roles], "127.0.0.1", port, [], TimeSpan.FromSeconds(60)), cancellationToken)
                .ConfigureAwait(false);
            return new LoopbackCluster(node, learners);
        }
        catch
        {
            Reap(learners);
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

    private static Process StartLearner(int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { typeof(LoopbackCluster).Assembly.Location, "node", "--role", "learner", "--seed", $"127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
