using Akka.Actor;
using Akka.Configuration;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Simulation;

/// <summary>Runs one simulation in its own single-node ActorSystem and returns its record.</summary>
public static class SimulationRunner
{
    /// <summary>Akka defaults for a simulation node: Serilog logging, quiet dead letters at shutdown.</summary>
    public static Config AkkaDefaults { get; } = ConfigurationFactory.ParseString("""
        akka {
          loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
          logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters-during-shutdown = off
          log-config-on-start = off
        }
        """);

    /// <summary>
    /// Runs the scenario's simulation to the end. <paramref name="progress"/> is polled about four times a second.
    /// </summary>
    public static async Task<RunRecord> RunAsync(
        Scenario scenario,
        SimulationSources sources,
        IProgress<RunProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(sources);
        var system = ActorSystem.Create("ddlo", scenario.Config.WithFallback(AkkaDefaults));
        try
        {
            var simulation = system.ActorOf(SimulationActor.Props(scenario, sources), "simulation");
            var completion = simulation.Ask<SimulationCompleted>(RunSimulation.Instance, Timeout.InfiniteTimeSpan, cancellationToken);
            while (!completion.IsCompleted)
            {
                await Task.WhenAny(completion, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken)).ConfigureAwait(false);
                if (progress is not null && !completion.IsCompleted)
                {
                    progress.Report(await simulation.Ask<RunProgress>(GetProgress.Instance, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false));
                }
            }

            return (await completion.ConfigureAwait(false)).Record;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }
}
