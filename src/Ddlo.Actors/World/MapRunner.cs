using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Hosting;

namespace Ddlo.Actors.World;

/// <summary>Runs a map of cells (<c>ddlo.topology</c>) to its end on this node and returns its record.</summary>
public static class MapRunner
{
    /// <summary>Whether <paramref name="settings"/> describe a map of cells rather than the paper's one cell.</summary>
    public static bool IsMap(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.System.Configured is Systems.Mumt.MumtSettings { Topology: not null };
    }

    /// <summary>The least share of the map the cells should cover before a run says that most devices will be uncovered.</summary>
    public const double CoverageWarnedBelow = 0.5;

    /// <summary>
    /// A line saying that the cells cover less than <see cref="CoverageWarnedBelow"/> of the map, so that most devices
    /// will compute locally outside every cell (counted as uncovered); null when they cover more, or for one cell.
    /// </summary>
    public static string? CoverageWarning(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.System.Configured is not Systems.Mumt.MumtSettings { Topology: { } map, Mobility: { } area })
        {
            return null;
        }

        double coverage = map.Coverage(area.HalfSideM);
        return coverage >= CoverageWarnedBelow ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Warning: the {map.Count} cells cover {coverage:P1} of the map (radius up to {map.Cells.Max(c => c.RadiusM):G} m, ddlo.mobility.half-side-m = {area.HalfSideM:G} m); a device outside every cell computes its tasks locally and is counted as uncovered. Widen ddlo.topology.radius-m or shrink the map to cover more.");
    }

    /// <summary>Runs <paramref name="scenario"/>'s map in an ActorSystem of its own, reporting progress about every quarter second.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired: the run keeps nothing.</exception>
    public static async Task<MapRecord> RunAsync(Scenario scenario, IProgress<MapProgress>? progress, CancellationToken cancellationToken) =>
        (await RunAsync(scenario, null, progress, cancellationToken).ConfigureAwait(false)).Record!;

    /// <summary>
    /// Runs <paramref name="scenario"/>'s map in an ActorSystem of its own, saving a checkpoint in
    /// <paramref name="checkpoints"/>' folder every <c>ddlo.run.checkpoint-interval</c> slots (and resuming from its
    /// checkpoint, if it names one). When <paramref name="stop"/> fires the run ends at the current slot's end with a
    /// checkpoint saved there, and the outcome says where; without <paramref name="checkpoints"/> it is cancelled.
    /// </summary>
    /// <exception cref="Simulation.RunWriteException">A checkpoint could not be written: the previous one is kept.</exception>
    public static async Task<MapOutcome> RunAsync(Scenario scenario, CheckpointOptions? checkpoints, IProgress<MapProgress>? progress, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _ = Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics);
        var plan = new MapPlan(scenario.Settings);
        var system = ActorSystem.Create(DdloAkka.SystemName, scenario.Config.WithFallback(DdloAkka.Defaults));
        try
        {
            return await RunAsync(system, plan, checkpoints, scenario.SettingsHocon, progress, stop).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="scenario"/>'s map from this node of a cluster, its learner's copies and their cells spread
    /// over <paramref name="hosts"/> (the worker hosts of the nodes that take them; copy l on host l mod their count),
    /// its devices and clock here. The numbers are those of the same map run on one node.
    /// </summary>
    /// <exception cref="Simulation.SimulationFailedException">A node could not host its part, or one left or failed mid-run.</exception>
    public static Task<MapOutcome> RunOverAsync(
        ActorSystem system, IReadOnlyList<IActorRef> hosts, Scenario scenario, CheckpointOptions? checkpoints, IProgress<MapProgress>? progress, string name, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        ArgumentNullException.ThrowIfNull(scenario);
        _ = Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics);
        return RunAsync(system, new MapPlan(scenario.Settings), checkpoints, scenario.SettingsHocon, progress, stop, hosts, name);
    }

    private static async Task<MapOutcome> RunAsync(
        ActorSystem system, MapPlan plan, CheckpointOptions? checkpoints, string settingsHocon, IProgress<MapProgress>? progress, CancellationToken stop,
        IReadOnlyList<IActorRef>? hosts = null, string name = "map")
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(plan);
        var clock = system.ActorOf(MapClock.Props(plan, checkpoints, settingsHocon, hosts), name);
        var completion = clock.Ask<object>(RunMap.Instance, Timeout.InfiniteTimeSpan, CancellationToken.None);
        bool stopping = false;
        while (!completion.IsCompleted)
        {
            await Task.WhenAny(completion, Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None)).ConfigureAwait(false);
            if (stop.IsCancellationRequested && !stopping)
            {
                // With checkpoints the clock stops at the slot's end and saves one; without, the run is cancelled.
                stopping = true;
                clock.Tell(StopMap.Instance);
                if (checkpoints is null)
                {
                    stop.ThrowIfCancellationRequested();
                }
            }

            if (progress is not null && !completion.IsCompleted)
            {
                var query = clock.Ask<MapProgress>(GetMapProgress.Instance, TimeSpan.FromSeconds(10), CancellationToken.None);
                await Task.WhenAny(query, completion).ConfigureAwait(false);
                if (query.IsCompletedSuccessfully)
                {
                    progress.Report(query.Result);
                }
            }
        }

        return await completion.ConfigureAwait(false) switch
        {
            MapCompleted completed => new MapOutcome(completed.Record, null),
            MapStopped stopped => new MapOutcome(null, stopped),
            Status.Failure { Cause: Simulation.RunWriteException write } => throw write,
            Status.Failure { Cause: Checkpoints.CheckpointException bad } => throw bad,
            Status.Failure { Cause: Simulation.SimulationFailedException failed } => throw failed,
            Status.Failure failure => throw new InvalidOperationException($"the map run failed: {failure.Cause.Message}", failure.Cause),
            var other => throw new InvalidOperationException($"Unexpected answer {other.GetType().Name} from the map's clock."),
        };
    }
}
