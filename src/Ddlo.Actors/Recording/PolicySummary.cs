namespace Ddlo.Actors.Recording;

/// <summary>One policy's mean utility and gain ratio over the summarised steps, and the work behind them.</summary>
public sealed record PolicySummary(string Policy, double MeanQ, double MeanGainRatio)
{
    /// <summary>Decisions priced per slot to reach the policy's decision, over the run (NaN: not counted).</summary>
    public double PricedPerSlot { get; init; } = double.NaN;

    /// <summary>Median time from the workload to the policy's decision through the actors, µs (NaN: not on the decision path).</summary>
    public double LatencyMicrosecondsP50 { get; init; } = double.NaN;
}
