using System.Collections.Immutable;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → BandwidthSolver: price candidate x_k on these task sizes with the bandwidth policy.</summary>
public sealed record Solve(SlotId Slot, DnnId Dnn, ImmutableArray<double> Sizes, ImmutableArray<bool> Decision) : IDdloMessage;

/// <summary>BandwidthSolver → EdgeServer: Q*(d, x_k) of candidate x_k and the bandwidth per device (MB/s) that achieves it.</summary>
public sealed record Solved(SlotId Slot, DnnId Dnn, ImmutableArray<bool> Decision, double Q, ImmutableArray<double> Bandwidth) : IDdloMessage;

/// <summary>Ask a BandwidthSolver how many candidates it has priced.</summary>
public sealed record GetSolverStatus
{
    public static GetSolverStatus Instance { get; } = new();
}

/// <summary>How many candidates a solver has priced.</summary>
public sealed record SolverStatus(long Solved);
