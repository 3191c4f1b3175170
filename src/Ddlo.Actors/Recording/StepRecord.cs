namespace Ddlo.Actors.Recording;

/// <summary>One decided slot as results show it.</summary>
/// <param name="Slot">The slot (learning step), 0-based.</param>
/// <param name="Q">Utility of the kept decision (DDLO).</param>
/// <param name="OptimalQ">Q* of the slot's workload, NaN when not scored.</param>
/// <param name="LocalQ">Utility of running everything locally.</param>
/// <param name="EdgeQ">Utility of offloading everything.</param>
/// <param name="Winner">The DNN whose candidate was kept, -1 for the all-local fallback.</param>
/// <param name="Candidates">Candidates priced before the slot was decided.</param>
/// <param name="Degraded">Fewer than K candidates were priced by the deadline.</param>
/// <param name="LatencyMicroseconds">From the workload's assembly to the decision.</param>
/// <param name="Offloaded">Tasks offloaded by the kept decision.</param>
public sealed record StepRecord(
    long Slot,
    double Q,
    double OptimalQ,
    double LocalQ,
    double EdgeQ,
    int Winner,
    int Candidates,
    bool Degraded,
    double LatencyMicroseconds,
    int Offloaded)
{
    /// <summary>Q* / Q (1 is optimal), NaN when not scored.</summary>
    public double GainRatio => OptimalQ / Q;
}
