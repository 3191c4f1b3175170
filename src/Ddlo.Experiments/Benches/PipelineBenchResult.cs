using Ddlo.Actors.Recording;

namespace Ddlo.Experiments.Benches;

/// <summary>What <see cref="PipelineBenchmark"/> measured.</summary>
/// <param name="Steps">Steps of each measured run.</param>
/// <param name="MaxInFlight">Slots in flight in the pipelined runs.</param>
/// <param name="StepsPerSecond">Throughput with training on, pipelined, by K.</param>
/// <param name="SequentialStepsPerSecondK5">Throughput with training on, K = 5, one slot at a time.</param>
/// <param name="Frozen">K = 5 with learning frozen, one slot at a time: its latency is pure inference and pricing.</param>
/// <param name="PeakMemoryMb">The process's peak working set.</param>
public sealed record PipelineBenchResult(
    long Steps, int MaxInFlight, IReadOnlyDictionary<int, double> StepsPerSecond, double SequentialStepsPerSecondK5, RunSummary Frozen, double PeakMemoryMb);
