using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Messages;

/// <summary>Ask the Simulation to run to the end; it answers <see cref="SimulationCompleted"/>.</summary>
public sealed record RunSimulation
{
    public static RunSimulation Instance { get; } = new();
}

/// <summary>The whole record of a finished run.</summary>
public sealed record SimulationCompleted(RunRecord Record);

/// <summary>EdgeServer → Simulation: every slot of the run is decided.</summary>
public sealed record AllSlotsDecided(long Slots, long Degraded);

/// <summary>Recorder → Simulation: every slot and every training round is recorded.</summary>
public sealed record RecordingComplete(RunRecord Record);
