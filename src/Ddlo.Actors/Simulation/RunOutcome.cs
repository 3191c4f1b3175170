using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Simulation;

/// <summary>How a checkpointed run ended: its whole record, or where it stopped when asked to.</summary>
public sealed record RunOutcome(RunRecord? Record, SimulationStopped? Stopped);
