using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>A droo experiment's measurements: the learning runs on the authors' data set, and the frames timed per number of devices.</summary>
public sealed record DrooResults(ImmutableArray<DrooResults.Learned> Learning, ImmutableArray<DrooResults.Timed> Timing)
{
    /// <summary>One learning run of a design (K = 1 or adaptive K): its rolling normalised rate and the authors' test mean.</summary>
    public sealed record Learned(string Design, int Seed, double[] Curve, double TestMean, double Last2000, double Candidates, double LatencyMicroseconds);

    /// <summary>One number of devices: DROO's decision latency, wall time per frame and gain, beside the searches' time per frame.</summary>
    public sealed record Timed(int Devices, double DecisionMicroseconds, double FrameMicroseconds, double GainRatio, string Reference, double DescentMicroseconds, double ExhaustiveMicroseconds);
}
