using System.Collections.Immutable;

using Ddlo.Core.Systems;

namespace Ddlo.Actors.Recording;

/// <summary>Everything a finished run recorded, in slot order.</summary>
/// <param name="Steps">One record per decided slot, ordered by slot.</param>
/// <param name="Losses">Every training loss, ordered by round then DNN.</param>
/// <param name="DnnCount">K.</param>
/// <param name="OptimumSource">What Q* came from: "exhaustive", "dual", "dataset" or "none".</param>
/// <param name="SlotsGenerated">Slots whose workload every device reported, as the edge server counted them.</param>
/// <param name="ElapsedSeconds">Wall time from the first slot to the last decision (set-up not included).</param>
/// <param name="DnnRestarts">Times an OffloadingActor was restarted after a failure.</param>
/// <param name="Policy">Who decided: "ddlo" or a baseline's name.</param>
/// <param name="OptimumGap">The largest certified relative gap of the Q* used for scoring (0 when exact).</param>
public sealed record RunRecord(
    ImmutableArray<StepRecord> Steps,
    ImmutableArray<LossRecord> Losses,
    int DnnCount,
    string OptimumSource,
    long SlotsGenerated,
    double ElapsedSeconds,
    long DnnRestarts,
    string Policy,
    double OptimumGap)
{
    public long SlotsDecided => Steps.Length;

    /// <summary>Which way the steps' Q is better (the system model's objective).</summary>
    public Objective Objective { get; init; }

    /// <summary>The system model's name (<c>ddlo.system.model</c>: mumt | wpmec | lydroo, or a registered model's), as the recorder saw it.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>The run's device search taught instead of deciding: the decisions are the networks', the search's are beside.</summary>
    public bool SearchTeaches { get; init; }

    /// <summary>The bits of a slot's decision (N*M; 0 when no slot was decided in this process).</summary>
    public int DecisionBits { get; init; }

    /// <summary>Each surviving DNN's final weights (TorchSharp's format), by k; empty for a baseline policy.</summary>
    public ImmutableSortedDictionary<int, ImmutableArray<byte>> NetworkWeights { get; init; } = ImmutableSortedDictionary<int, ImmutableArray<byte>>.Empty;

    /// <summary>Wall time from the run's creation to its first slot: placing the workers and building the networks.</summary>
    public double SetupSeconds { get; init; }

    /// <summary>The checkpoints this process saved during the run.</summary>
    public Checkpoints.CheckpointStats Checkpoints { get; init; } = Ddlo.Actors.Checkpoints.CheckpointStats.None;

    /// <summary>The step the run was resumed from (null: it ran from step 0 in one go).</summary>
    public long? ResumedFrom { get; init; }

    public long DegradedSlots => Steps.LongCount(s => s.Degraded);

    public double StepsPerSecond => ElapsedSeconds > 0 ? Steps.Length / ElapsedSeconds : double.NaN;
}
