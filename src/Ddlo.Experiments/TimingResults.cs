using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>
/// A timing experiment's measurements: per K, mode and seed, the time per decision or training round, with the cores
/// they were measured on and the size of the run the training claims scale to.
/// </summary>
public sealed record TimingResults(ImmutableArray<TimingResults.Timing> Timings, int Cores, long StepsPerRun, long RoundsPerRun)
{
    /// <summary>One K, mode (serial or parallel) and seed: how many samples were timed and their median, p99 and mean (µs).</summary>
    public sealed record Timing(int K, int Repetition, string Mode, int Samples, double Median, double P99, double Mean);
}
