using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → Recorder: the run's first slot starts now (the run's clock starts here, after the set-up).</summary>
internal sealed record RunStarted : IDdloMessage
{
    public static RunStarted Instance { get; } = new();
}

/// <summary>
/// EdgeServer → Recorder: a decided slot. <paramref name="Winner"/> is null when no candidate arrived and the
/// fallback (all local) was used; <paramref name="Candidates"/> counts the candidates priced over every DNN;
/// <paramref name="Degraded"/> when fewer than K DNNs' candidates were priced.
/// </summary>
internal sealed record SlotDecided(
    SlotId Slot,
    Workload Workload,
    ImmutableArray<bool> Decision,
    double Q,
    DnnId? Winner,
    int Candidates,
    bool Degraded,
    double LatencyMicroseconds) : IDdloMessage
{
    /// <summary>The winning candidate's index among its DNN's candidates (0: the threshold one; -1: no candidate).</summary>
    public int Candidate { get; init; }

    /// <summary>Q of the networks' best candidate before device search (equal to Q without search): the network alone.</summary>
    public double NetworkQ { get; init; } = double.NaN;

    /// <summary>From the workload's assembly to the networks' best candidate (before device search), µs.</summary>
    public double NetworkLatencyMicroseconds { get; init; } = double.NaN;

    /// <summary>Q of the device search's decision, NaN when no search ran for the slot.</summary>
    public double SearchQ { get; init; } = double.NaN;

    /// <summary>
    /// Decisions priced for the slot: the distinct candidates plus the device search's single-device changes and what a
    /// searching policy priced itself; the candidates when nothing else was priced.
    /// </summary>
    public long Priced { get => priced ?? Candidates; init => priced = value; }

    private readonly long? priced;

    /// <summary>Each device's share of the uplink under the decision (MB/s).</summary>
    public ImmutableArray<double> Bandwidth { get; init; } = [];

    /// <summary>The slot's queues (means over devices), for a system whose devices carry queues; null otherwise.</summary>
    public Ddlo.Core.Systems.QueueStats? Queues { get; init; }

    /// <summary>Per device, the data that arrived during the slot (Mbit), for a system whose devices carry queues; empty otherwise.</summary>
    public ImmutableArray<double> Arrivals { get; init; } = [];
}

/// <summary>
/// EdgeServer → Recorder, after its last decision: every slot is decided; <paramref name="Generated"/> slots had their
/// workload reported by every device (counted by the edge server, not taken from the settings).
/// </summary>
internal sealed record AllSlotsDecided(long Generated) : IDdloMessage;

/// <summary>EdgeServer → Recorder: DNN k is gone (its node left or died); the run no longer waits for it.</summary>
internal sealed record DnnLost(DnnId Dnn) : IDdloMessage;

/// <summary>Ask the Recorder (or the Simulation) for the live progress.</summary>
internal sealed record GetProgress
{
    public static GetProgress Instance { get; } = new();
}

/// <summary>
/// Simulation → Recorder, once the proposers are placed, when the deciding policy learns online: after scoring each
/// slot, tell these proposers its <see cref="SlotOutcomeReport"/>.
/// </summary>
internal sealed record ReportOutcomesTo(ImmutableArray<IActorRef> Learners) : IDdloMessage;

/// <summary>
/// Recorder → a learning policy's actor: one decided slot, with its optimum (NaN when the run does not score).
/// <paramref name="Winner"/> is the proposer whose candidate was taken, null for the all-local fallback.
/// </summary>
internal sealed record SlotOutcomeReport(
    SlotId Slot, Workload Workload, ImmutableArray<bool> Decision, double Q, ImmutableArray<double> Bandwidth, double OptimalQ, DnnId? Winner) : IDdloMessage;
