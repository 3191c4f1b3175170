using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// How a <see cref="RunSession"/> ended: complete, with its record, summary and what summary.json holds with the results folder
/// named (the folder written), or stopped at a checkpoint (<see cref="Stopped"/>).
/// </summary>
public sealed record RunSessionResult(RunRecord? Record, RunSummary? Summary, object? SummaryJson, SimulationStopped? Stopped)
{
    /// <summary>The complete run's <see cref="Results.RunDigest"/>; null when it stopped at a checkpoint.</summary>
    public string? Digest { get; init; }
}
