using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Simulation;

/// <summary>Runs each simulation in this process, one per core at once.</summary>
public sealed class LocalSimulations : ISimulationPool
{
    public static LocalSimulations Instance { get; } = new();

    private LocalSimulations()
    {
    }

    /// <summary>One run per core: a simulation's actors are single-threaded each, so more would only share the cores.</summary>
    public int Parallelism => Math.Max(1, Environment.ProcessorCount);

    public string Description => $"{Parallelism} runs side by side on {Environment.ProcessorCount} cores";

    public Task<RunRecord> RunAsync(Scenario scenario, CancellationToken cancellationToken) => SimulationRunner.RunAsync(scenario, cancellationToken);
}
