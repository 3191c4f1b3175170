namespace Ddlo.Actors.Messages;

/// <summary>Live progress of a run.</summary>
/// <param name="Decided">Slots decided so far.</param>
/// <param name="Steps">Slots the run will decide.</param>
/// <param name="RollingGainRatio">Mean gain ratio over the last rolling-window scored slots (NaN when not scored).</param>
/// <param name="StepsPerSecond">Decided slots per second of wall time since the first slot.</param>
/// <param name="Degraded">Slots decided with fewer than K candidates.</param>
public sealed record RunProgress(long Decided, long Steps, double RollingGainRatio, double StepsPerSecond, long Degraded)
{
    /// <summary>The latest decided slot's mean data queue, Mbit (systems with queues; NaN otherwise).</summary>
    public double DataQueue { get; init; } = double.NaN;
}
