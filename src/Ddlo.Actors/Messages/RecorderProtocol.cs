using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → Recorder: the run's first slot starts now (the run's clock starts here, after the set-up).</summary>
public sealed record RunStarted : IDdloMessage
{
    public static RunStarted Instance { get; } = new();
}

/// <summary>
/// EdgeServer → Recorder: a decided slot. <paramref name="Winner"/> is null when no candidate arrived and the
/// fallback (all local) was used; <paramref name="Candidates"/> counts the candidates priced over every DNN;
/// <paramref name="Degraded"/> when fewer than K DNNs' candidates were priced.
/// </summary>
public sealed record SlotDecided(
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

    /// <summary>Each device's share of the uplink under the decision (MB/s).</summary>
    public ImmutableArray<double> Bandwidth { get; init; } = [];

    /// <summary>The slot's queues (means over devices), for a system whose devices carry queues; null otherwise.</summary>
    public Ddlo.Core.Systems.QueueStats? Queues { get; init; }
}

/// <summary>
/// EdgeServer → Recorder, after its last decision: every slot is decided; <paramref name="Generated"/> slots had their
/// workload reported by every device (counted by the edge server, not taken from the settings).
/// </summary>
public sealed record AllSlotsDecided(long Generated) : IDdloMessage;

/// <summary>EdgeServer → Recorder: DNN k is gone (its node left or died); the run no longer waits for it.</summary>
public sealed record DnnLost(DnnId Dnn) : IDdloMessage;

/// <summary>Ask the Recorder (or the Simulation) for the live progress.</summary>
public sealed record GetProgress
{
    public static GetProgress Instance { get; } = new();
}

/// <summary>Live progress of a run.</summary>
/// <param name="Decided">Slots decided so far.</param>
/// <param name="Steps">Slots the run will decide.</param>
/// <param name="RollingGainRatio">Mean gain ratio over the last rolling-window scored slots (NaN when not scored).</param>
/// <param name="StepsPerSecond">Decided slots per second of wall time since the first slot.</param>
/// <param name="Degraded">Slots decided with fewer than K candidates.</param>
public sealed record RunProgress(long Decided, long Steps, double RollingGainRatio, double StepsPerSecond, long Degraded)
{
    /// <summary>The latest decided slot's mean data queue, Mbit (systems with queues; NaN otherwise).</summary>
    public double DataQueue { get; init; } = double.NaN;
}

/// <summary>
/// Simulation → Recorder, once the proposers are placed, when the deciding policy learns online: after scoring each
/// slot, tell these proposers its <see cref="SlotOutcomeReport"/>.
/// </summary>
public sealed record ReportOutcomesTo(ImmutableArray<IActorRef> Learners) : IDdloMessage;

/// <summary>
/// Recorder → a learning policy's actor: one decided slot, with its optimum (NaN when the run does not score).
/// <paramref name="Winner"/> is the proposer whose candidate was taken, null for the all-local fallback.
/// </summary>
public sealed record SlotOutcomeReport(
    SlotId Slot, Workload Workload, ImmutableArray<bool> Decision, double Q, ImmutableArray<double> Bandwidth, double OptimalQ, DnnId? Winner) : IDdloMessage;
