using Akka.Actor;
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

    /// <summary>Runs <paramref name="scenario"/>'s map in an ActorSystem of its own, reporting progress about every quarter second.</summary>
    public static async Task<MapRecord> RunAsync(Scenario scenario, IProgress<MapProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _ = Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics);
        var plan = new MapPlan(scenario.Settings);
        var system = ActorSystem.Create(DdloAkka.SystemName, scenario.Config.WithFallback(DdloAkka.Defaults));
        try
        {
            return await RunAsync(system, plan, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="plan"/>'s map in <paramref name="system"/> (a test's) and returns its record.</summary>
    public static async Task<MapRecord> RunAsync(ActorSystem system, MapPlan plan, IProgress<MapProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(plan);
        var clock = system.ActorOf(MapClock.Props(plan), "map");
        var completion = clock.Ask<object>(RunMap.Instance, Timeout.InfiniteTimeSpan, cancellationToken);
        while (!completion.IsCompleted)
        {
            await Task.WhenAny(completion, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (progress is not null && !completion.IsCompleted)
            {
                var query = clock.Ask<MapProgress>(GetMapProgress.Instance, TimeSpan.FromSeconds(10), cancellationToken);
                await Task.WhenAny(query, completion).ConfigureAwait(false);
                if (query.IsCompletedSuccessfully)
                {
                    progress.Report(query.Result);
                }
            }
        }

        return await completion.ConfigureAwait(false) switch
        {
            MapCompleted completed => completed.Record,
            Status.Failure failure => throw new InvalidOperationException($"the map run failed: {failure.Cause.Message}", failure.Cause),
            var other => throw new InvalidOperationException($"Unexpected answer {other.GetType().Name} from the map's clock."),
        };
    }
}
