using Akka.Actor;
using Akka.Configuration;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Simulation;

/// <summary>Runs one simulation to the end and returns its record: in its own single-node ActorSystem, or in a given (clustered) one.</summary>
public static class SimulationRunner
{
    /// <summary>Runs the scenario's simulation on this node alone, on the workloads its settings generate.</summary>
    public static Task<RunRecord> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return RunAsync(scenario, SimulationSources.Generated(scenario.Settings), null, cancellationToken);
    }

    /// <summary>Runs the scenario's simulation on this node alone. <paramref name="progress"/> is polled about four times a second.</summary>
    public static async Task<RunRecord> RunAsync(
        Scenario scenario,
        SimulationSources sources,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(sources);
        UseNumerics(scenario);
        var system = ActorSystem.Create(DdloAkka.SystemName, scenario.Config.WithFallback(DdloAkka.Defaults));
        try
        {
            return await RunAsync(system.ActorOf(SimulationActor.Props(scenario, sources), "simulation"), progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the scenario's simulation on this node alone, saving checkpoints to <paramref name="checkpoints"/> (and
    /// resuming from its checkpoint, if any). When <paramref name="stop"/> fires, the slots in flight are decided, a
    /// checkpoint is saved and the outcome says where the run stopped.
    /// </summary>
    public static async Task<RunOutcome> RunAsync(
        Scenario scenario,
        SimulationSources sources,
        CheckpointOptions checkpoints,
        IProgress<RunProgress>? progress,
        CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(checkpoints);
        UseNumerics(scenario);
        var system = ActorSystem.Create(DdloAkka.SystemName, scenario.Config.WithFallback(DdloAkka.Defaults));
        try
        {
            return await RunOrStopAsync(system.ActorOf(SimulationActor.Props(scenario, sources, checkpoints: checkpoints), "simulation"), progress, stop).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts an existing simulation actor that saves checkpoints and waits for it: its record, or, once
    /// <paramref name="stop"/> fired and the run stopped at a checkpoint, where.
    /// </summary>
    public static async Task<RunOutcome> RunOrStopAsync(IActorRef simulation, IProgress<RunProgress>? progress, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        await using var onStop = stop.Register(() => simulation.Tell(StopAtCheckpoint.Instance)).ConfigureAwait(false);
        object answer = await WaitAsync(simulation, progress, CancellationToken.None).ConfigureAwait(false);
        return answer switch
        {
            SimulationCompleted completed => new RunOutcome(completed.Record, null),
            SimulationStopped stopped => new RunOutcome(null, stopped),
            _ => throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name} from the simulation."),
        };
    }

    /// <summary>Starts an existing simulation actor and waits for its record.</summary>
    public static async Task<RunRecord> RunAsync(IActorRef simulation, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        object answer = await WaitAsync(simulation, progress, cancellationToken).ConfigureAwait(false);
        return answer is SimulationCompleted completed
            ? completed.Record
            : throw new InvalidOperationException($"The simulation stopped before its end ({answer}).");
    }

    /// <summary>
    /// Fixes this process's numerics to the run's before any actor starts (and any network is built), so that a run
    /// asking for other numerics than the process already runs under fails at once, in one line.
    /// </summary>
    private static void UseNumerics(Scenario scenario) => _ = Ddlo.Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics);

    private static async Task<object> WaitAsync(IActorRef simulation, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        // The answer never comes if the simulation stops first (its node was downed or left the cluster): watch it.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var stopped = simulation.WatchAsync(watching.Token);
        var completion = simulation.Ask<object>(RunSimulation.Instance, Timeout.InfiniteTimeSpan, cancellationToken);
        while (!completion.IsCompleted)
        {
            await Task.WhenAny(completion, stopped, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken)).ConfigureAwait(false);
            if (!completion.IsCompleted && stopped.IsCompletedSuccessfully && stopped.Result)
            {
                throw new SimulationFailedException("the simulation stopped before its end: its node left the cluster or was shut down");
            }

            if (progress is null || completion.IsCompleted)
            {
                continue;
            }

            // A run that fails (a checkpoint that cannot be resumed) answers the query with its error; the run's own
            // answer carries the same, so the query never hides it behind a timeout.
            var query = simulation.Ask<RunProgress>(GetProgress.Instance, TimeSpan.FromSeconds(10), cancellationToken);
            await Task.WhenAny(query, completion).ConfigureAwait(false);
            if (query.IsCompletedSuccessfully)
            {
                progress.Report(query.Result);
            }
            else if (!completion.IsCompleted && query.Exception?.InnerException is not AskTimeoutException)
            {
                // A busy recorder (say, scoring 100,000 devices a slot) only delays the progress bar; an error ends the run.
                await query.ConfigureAwait(false);
            }
        }

        await watching.CancelAsync().ConfigureAwait(false);
        return await completion.ConfigureAwait(false);
    }
}
