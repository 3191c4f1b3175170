using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>A platforms experiment's measurements: one row per swept value, platform, core limit and seed.</summary>
public sealed record PlatformResults(ImmutableArray<PlatformResults.Row> Rows)
{
    /// <summary>One measurement: training time per 1,000 steps and decision latency; <see cref="Error"/> says why a platform could not be measured.</summary>
    public sealed record Row(string Value, Platform Platform, int Cores, int Repetition, double TrainingMs, double LatencyP50, double LatencyP99)
    {
        public string? Error { get; init; }
    }
}
