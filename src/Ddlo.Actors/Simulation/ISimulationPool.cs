using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Simulation;

/// <summary>
/// Where independent simulations run: this process's cores (<see cref="LocalSimulations"/>), or the nodes of a cluster
/// (<see cref="Farm.RunFarmPool"/>). An experiment hands its runs to one; the numbers are the same wherever they run.
/// </summary>
public interface ISimulationPool
{
    /// <summary>How many runs are worth starting at once: a local pool's cores, or every node's together.</summary>
    int Parallelism { get; }

    /// <summary>Where the runs went, for a report: "2 runs side by side on 2 cores", or the nodes of a farm.</summary>
    string Description { get; }

    /// <summary>Runs <paramref name="scenario"/> to its end and gives its record.</summary>
    Task<RunRecord> RunAsync(Scenario scenario, CancellationToken cancellationToken);
}
