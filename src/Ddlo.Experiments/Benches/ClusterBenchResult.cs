using Ddlo.Actors.Recording;

namespace Ddlo.Experiments.Benches;

/// <summary>What <see cref="ClusterBenchmark"/> measured: each run's summary, and where the cluster's pipelined slot spent its time.</summary>
/// <param name="Steps">Steps of each measured run.</param>
/// <param name="MaxInFlight">Slots in flight in the pipelined runs.</param>
/// <param name="SingleThroughput">One node, pipelined.</param>
/// <param name="SingleLatency">One node, one slot at a time.</param>
/// <param name="ClusterThroughput">The cluster, pipelined.</param>
/// <param name="ClusterLatency">The cluster, one slot at a time.</param>
/// <param name="Messages">Messages that crossed a node boundary in the pipelined cluster run, by direction and type.</param>
/// <param name="SerializationSeconds">The edge node's time writing and reading them.</param>
/// <param name="IdleRoundTripMicroseconds">Median bare round trip to a learner node, the cluster idle.</param>
/// <param name="LoadedRoundTripMicroseconds">The same, under the pipelined run.</param>
public sealed record ClusterBenchResult(
    long Steps,
    int MaxInFlight,
    RunSummary SingleThroughput,
    RunSummary SingleLatency,
    RunSummary ClusterThroughput,
    RunSummary ClusterLatency,
    IReadOnlyList<(string Direction, string Message, long Count)> Messages,
    double SerializationSeconds,
    double IdleRoundTripMicroseconds,
    double LoadedRoundTripMicroseconds)
{
    /// <summary>Cross-node messages per decided slot of the pipelined cluster run.</summary>
    public double MessagesPerSlot => Messages.Sum(m => m.Count) / (double)ClusterThroughput.SlotsDecided;

    /// <summary>The edge node's serialization time per decided slot, in µs.</summary>
    public double SerializationMicrosecondsPerSlot => SerializationSeconds * 1e6 / ClusterThroughput.SlotsDecided;
}
