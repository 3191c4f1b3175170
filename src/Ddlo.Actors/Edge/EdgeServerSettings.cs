using System.Collections.Immutable;
using Ddlo.Core.Systems;
using Ddlo.Learning.Memory;

namespace Ddlo.Actors.Edge;

/// <summary>What the decision coordinator needs to know about the run.</summary>
/// <param name="Model">Prices the fallback decision when no candidate arrives.</param>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M.</param>
/// <param name="Steps">Slots to decide.</param>
/// <param name="MaxInFlight">Slots being decided at once.</param>
/// <param name="CandidateDeadline">How long a slot waits for its K candidates.</param>
/// <param name="Schedule">The training schedule, to tell each DNN which rounds precede a decision.</param>
internal sealed record EdgeServerSettings(
    ISystemModel Model,
    int Devices,
    int TasksPerDevice,
    long Steps,
    int MaxInFlight,
    TimeSpan CandidateDeadline,
    TrainingSchedule Schedule)
{
    /// <summary>Checkpoint before every slot that is a multiple of this (0: only when asked to stop).</summary>
    public long CheckpointInterval { get; init; }

    /// <summary>The first slot to decide: 0, or the step of the checkpoint a run resumes from.</summary>
    public long FirstSlot { get; init; }

    /// <summary>Candidates each DNN is asked for (at most, when the count adapts).</summary>
    public int CandidatesPerDnn { get; init; } = 1;

    /// <summary>Slots between two updates of DROO's adaptive count; 0: the count does not adapt.</summary>
    public int AdaptiveInterval { get; init; }

    /// <summary>Rounds of device search around each slot's best candidate (0: none).</summary>
    public int DeviceSearchRounds { get; init; }

    /// <summary>The search teaches (the memory keeps its decision) instead of deciding the slot.</summary>
    public bool SearchTeaches { get; init; }

    /// <summary>How many of the latest decided slots a slot's networks and candidate count may miss (<c>ddlo.learning.staleness</c>).</summary>
    public int Staleness { get; init; }

    /// <summary>Context values each device reports beside its values (LyDROO: its two queues; MUMT with a channel or classes: its rate scale, its class factors).</summary>
    public int ContextFeatures { get; init; }

    /// <summary>The edge server's part of the checkpoint a run resumes from (empty for a fresh run).</summary>
    public ImmutableArray<byte> ResumeState { get; init; } = [];
}
