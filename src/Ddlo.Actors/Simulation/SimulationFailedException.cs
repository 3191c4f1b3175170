namespace Ddlo.Actors.Simulation;

/// <summary>
/// A run that can no longer make progress: every DNN is gone, or the simulation stopped before its end (its node
/// left the cluster or was downed). The message says which, in one line.
/// </summary>
public sealed class SimulationFailedException(string message) : Exception(message)
{
    /// <summary>The node whose loss ended the run (it left, or was downed), when that is what ended it; null otherwise.</summary>
    public Akka.Actor.Address? LostNode { get; init; }
}
