using System.Text.Json.Serialization;

namespace Ddlo.Experiments.Benches;

/// <summary>
/// Training and inference time of the K = 5 sequential loop on one platform (<see cref="PlatformBenchmark"/>); also
/// the typed contract of <c>ddlo bench platform --json</c>, which a one-core measurement runs as a child process.
/// </summary>
/// <param name="Platform">The platform's name (single, cluster-1, ...).</param>
/// <param name="Processors">Processors the measuring process could use.</param>
/// <param name="DnnCount">K.</param>
/// <param name="Steps">Steps of each measured run.</param>
/// <param name="TrainingMsPer1000Steps">Wall time per 1,000 steps with training on, from the first slot to the last decision.</param>
/// <param name="SetupSeconds">Placing the workers (and joining the cluster) before the first slot.</param>
/// <param name="LatencyMicrosecondsP50">Decision latency p50 with learning frozen.</param>
/// <param name="LatencyMicrosecondsP99">Decision latency p99 with learning frozen.</param>
public sealed record PlatformMeasurement(
    string Platform,
    int Processors,
    int DnnCount,
    long Steps,
    [property: JsonPropertyName("training_ms_per_1000_steps")] double TrainingMsPer1000Steps,
    double SetupSeconds,
    [property: JsonPropertyName("latency_us_p50")] double LatencyMicrosecondsP50,
    [property: JsonPropertyName("latency_us_p99")] double LatencyMicrosecondsP99);
