using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Farm;

/// <summary>
/// An <see cref="ISimulationPool"/> over a cluster: each run goes, as its settings' HOCON, to the run worker of a
/// member with the <see cref="Role"/> role (this node too, when it has it), and its record comes back. Start it on a
/// node that is a member; nodes that join later take runs as soon as they are up, and a node lost mid-run has its
/// runs re-run on the others.
/// </summary>
public sealed class RunFarmPool : ISimulationPool, IDisposable
{
    /// <summary>The role of the nodes that take runs (<c>ddlo node --role runs</c>).</summary>
    public const string Role = "runs";

    private readonly IActorRef farm;
    private readonly ConcurrentDictionary<Address, int> capacity = new();
    private readonly ConcurrentDictionary<Address, int> finished = new();
    private readonly Action<FarmEvent>? observe;
    private TaskCompletionSource nodesChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long lastId;

    private RunFarmPool(ActorSystem system, Action<FarmEvent>? observe, TimeSpan? runTimeout)
    {
        this.observe = observe;
        farm = system.ActorOf(RunFarm.Props(Observe, runTimeout), "run-farm");
    }

    /// <summary>
    /// Starts the farm on <paramref name="system"/>, a member of the cluster; <paramref name="observe"/> hears what
    /// happens in it (on the farm's thread). A run a node holds longer than <paramref name="runTimeout"/> (none when
    /// null) is stopped there and given to another node, as if it had failed there: a node that hangs without
    /// leaving the cluster does not hold the experiment.
    /// </summary>
    public static RunFarmPool Start(ActorSystem system, Action<FarmEvent>? observe = null, TimeSpan? runTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (runTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(runTimeout), runTimeout, "a run timeout must be positive");
        }

        return new RunFarmPool(system, observe, runTimeout);
    }

    /// <summary>Every run at once: the farm queues them and gives each node as many as it takes.</summary>
    public int Parallelism => int.MaxValue;

    public string Description => $"runs spread over a cluster of {Math.Max(finished.Count, capacity.Count)} nodes, {capacity.Values.Sum()} at once";

    /// <summary>The runs each node finished (first answers only).</summary>
    public IReadOnlyDictionary<Address, int> FinishedByNode => finished;

    /// <summary>Waits until <paramref name="nodes"/> nodes take runs; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForNodesAsync(int nodes, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            // The signal first, then the count: a node that joins in between sets this signal.
            var changed = Volatile.Read(ref nodesChanged);
            if (capacity.Count >= nodes)
            {
                return;
            }

            try
            {
                await changed.Task.WaitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{capacity.Count} of the {nodes} nodes that take runs joined within {timeout.TotalSeconds:0} s: start `ddlo node --role runs --seed <this node's address>` for each of the others.");
            }
        }
    }

    public async Task<RunRecord> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        long id = Interlocked.Increment(ref lastId);
        var done = new TaskCompletionSource<ImmutableArray<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        farm.Tell(new RunFarm.Submit(new FarmRun(id, scenario.SettingsHocon, scenario.Name), done));
        using var cancel = cancellationToken.Register(() =>
        {
            farm.Tell(new CancelFarmRun(id));
            done.TrySetCanceled(cancellationToken);
        });
        var bytes = await done.Task.ConfigureAwait(false);
        return RunRecordFormat.FromBytes(bytes.AsSpan());
    }

    public void Dispose() => farm.Tell(PoisonPill.Instance);

    private void Observe(FarmEvent e)
    {
        switch (e.Kind)
        {
            case FarmEventKind.Joined:
                capacity[e.Node] = e.Capacity;
                break;
            case FarmEventKind.Lost:
                capacity.TryRemove(e.Node, out _);
                break;
            case FarmEventKind.Finished:
                finished.AddOrUpdate(e.Node, 1, (_, n) => n + 1);
                break;
        }

        if (e.Kind is FarmEventKind.Joined or FarmEventKind.Lost)
        {
            Interlocked.Exchange(ref nodesChanged, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        observe?.Invoke(e);
    }
}
