using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>A scale experiment's measurements: every series (design, its networks alone, baseline) at every N and seed.</summary>
public sealed record ScaleResults(ImmutableArray<ScaleResults.Point> Points)
{
    /// <summary>One series at one N and seed: its gain ratio, latency and the run's rolling gain curve (empty for policy runs).</summary>
    public sealed record Point(string Value, string Series, int Repetition, long Steps, double Gain, double LatencyP50, double StepsPerSecond, string Optimum, double[] Curve)
    {
        /// <summary>Decisions priced per slot to reach the series' decision (the work behind its gain; NaN: not counted).</summary>
        public double PricedPerSlot { get; init; } = double.NaN;
    }
}
