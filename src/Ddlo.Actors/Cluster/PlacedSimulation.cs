using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Cluster;

/// <summary>A simulation placed over a cluster's members (<see cref="ClusterMember.PlaceAsync"/>): run it once, then dispose it.</summary>
public sealed class PlacedSimulation : IDisposable
{
    private readonly IActorRef simulation;
    private readonly IActorRef watcher;

    internal PlacedSimulation(IActorRef simulation, IActorRef watcher)
    {
        this.simulation = simulation;
        this.watcher = watcher;
    }

    /// <summary>Runs to the end and returns the record.</summary>
    public Task<RunRecord> RunAsync(IProgress<RunProgress>? progress, CancellationToken cancellationToken) =>
        SimulationRunner.RunAsync(simulation, progress, cancellationToken);

    /// <summary>Runs to the end, or, when <paramref name="stop"/> fires, decides the slots in flight, saves a checkpoint and stops.</summary>
    public Task<RunOutcome> RunOrStopAsync(IProgress<RunProgress>? progress, CancellationToken stop) =>
        SimulationRunner.RunOrStopAsync(simulation, progress, stop);

    /// <summary>Stops the run's actors.</summary>
    public void Dispose()
    {
        watcher.Tell(PoisonPill.Instance);
        simulation.Tell(PoisonPill.Instance);
    }
}
