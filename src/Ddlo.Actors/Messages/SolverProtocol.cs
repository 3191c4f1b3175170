using System.Collections.Immutable;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Messages;

/// <summary>
/// OffloadingActor → BandwidthSolver, on behalf of the edge server (the sender): price candidate x_k of DNN
/// <paramref name="Dnn"/> on this workload with the bandwidth policy.
/// </summary>
public sealed record Solve(SlotId Slot, DnnId Dnn, Workload Workload, ImmutableArray<bool> Decision) : IDdloMessage;

/// <summary>BandwidthSolver → EdgeServer: Q*(d, x_k) of candidate x_k and the bandwidth per device (MB/s) that achieves it.</summary>
public sealed record Solved(SlotId Slot, DnnId Dnn, ImmutableArray<bool> Decision, double Q, ImmutableArray<double> Bandwidth) : IDdloMessage;

/// <summary>Ask a BandwidthSolver how many candidates it has priced.</summary>
public sealed record GetSolverStatus
{
    public static GetSolverStatus Instance { get; } = new();
}

/// <summary>How many candidates a solver has priced.</summary>
public sealed record SolverStatus(long Solved);
