using System.Collections.Immutable;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Messages;

/// <summary>
/// OffloadingActor → BandwidthSolver, on behalf of the edge server (the sender): price the candidates of DNN
/// <paramref name="Dnn"/> on this workload with the bandwidth policy and answer the best. <paramref name="Candidates"/>
/// holds one or more decisions of N*M bits, one after the other.
/// </summary>
internal sealed record Solve(SlotId Slot, DnnId Dnn, Workload Workload, ImmutableArray<bool> Candidates) : IDdloMessage
{
    /// <summary>How many candidates <see cref="Candidates"/> holds.</summary>
    public int Count => Candidates.Length / Workload.TaskCount;

    /// <summary>Decisions the proposer priced itself to reach its candidates (a policy that searches), 0 for a network.</summary>
    public long ProposerPriced { get; init; }
}

/// <summary>
/// BandwidthSolver → EdgeServer: the best of DNN k's candidates, <paramref name="Decision"/>, with Q*(d, x) and the
/// bandwidth per device (MB/s) that achieves it. <paramref name="Candidate"/> is its index among the DNN's
/// candidates (0 is the threshold one; ties go to the lower index), and <paramref name="Priced"/> how many were priced.
/// </summary>
internal sealed record Solved(
    SlotId Slot,
    DnnId Dnn,
    ImmutableArray<bool> Decision,
    double Q,
    ImmutableArray<double> Bandwidth,
    int Candidate = 0,
    int Priced = 1) : IDdloMessage
{
    /// <summary>The <see cref="Solve.ProposerPriced"/> of the candidates answered: work done before they were priced here.</summary>
    public long ProposerPriced { get; init; }
}

/// <summary>
/// LearnerGroup → BandwidthSolver, on behalf of the edge server (the sender): the candidates of every proposer of one
/// node for a slot, each priced as its own <see cref="Solve"/> and answered as its own <see cref="Solved"/>.
/// </summary>
internal sealed record SolveBatch(SlotId Slot, Workload Workload, ImmutableArray<SolveBatch.Entry> Entries) : IDdloMessage
{
    /// <summary>One proposer's candidates, and what it priced itself to find them (<see cref="Solve.ProposerPriced"/>).</summary>
    public sealed record Entry(DnnId Dnn, ImmutableArray<bool> Candidates, long ProposerPriced = 0);

    /// <summary>The entries as the solves they stand for.</summary>
    public IEnumerable<Solve> Solves => Entries.Select(e => new Solve(Slot, e.Dnn, Workload, e.Candidates) { ProposerPriced = e.ProposerPriced });
}

/// <summary>EdgeServer → BandwidthSolver: improve a slot's best candidate by up to <paramref name="Rounds"/> rounds of device search; answer <see cref="Searched"/>.</summary>
internal sealed record SearchAround(SlotId Slot, Workload Workload, ImmutableArray<bool> Decision, int Rounds) : IDdloMessage;

/// <summary>
/// BandwidthSolver → EdgeServer: the searched decision with its exact Q and bandwidth, the rounds that changed a device
/// (<paramref name="Steps"/>) and the single-device changes priced.
/// </summary>
internal sealed record Searched(SlotId Slot, ImmutableArray<bool> Decision, double Q, ImmutableArray<double> Bandwidth, int Steps, long Priced) : IDdloMessage;

/// <summary>Ask a BandwidthSolver how many candidates it has priced.</summary>
internal sealed record GetSolverStatus
{
    public static GetSolverStatus Instance { get; } = new();
}

/// <summary>How many candidates a solver has priced.</summary>
internal sealed record SolverStatus(long Solved);
