using System.Collections.Immutable;

namespace Ddlo.Core.Wpmec;

/// <summary>One frame's best offloading mode found by a search, with its exact allocation.</summary>
/// <param name="Mode">x_i: whether device i offloads.</param>
/// <param name="Allocation">The exact split and rate of that mode.</param>
/// <param name="Priced">Modes priced by the search.</param>
public sealed record WpmecSolution(ImmutableArray<bool> Mode, WpmecAllocation Allocation, long Priced)
{
    /// <summary>Flips coordinate descent made (0 for the exhaustive search).</summary>
    public int Steps { get; init; }
}

/// <summary>
/// Searches over DROO's offloading modes (<see cref="Search.ModeSearch"/>), each priced exactly by a
/// <see cref="WpmecAllocator"/>: all 2^N of them (the optimum; the authors' data set was made so for N = 10), or
/// coordinate descent, the authors' baseline for larger N.
/// </summary>
public sealed class WpmecSearch(WpmecAllocator allocator)
{
    /// <summary>Devices above which enumerating every mode is out of reach.</summary>
    public const int MaxExhaustiveDevices = Search.ModeSearch.MaxExhaustiveDevices;

    /// <summary>The best of all 2^N modes (ties to the first in mask order), priced in parallel chunks.</summary>
    public WpmecSolution Exhaustive(ReadOnlySpan<double> gains, ReadOnlySpan<double> weights)
    {
        int n = gains.Length;
        if (n > MaxExhaustiveDevices)
        {
            throw new ArgumentException($"Enumerating every mode is limited to N <= {MaxExhaustiveDevices}; use coordinate descent for N = {n}.", nameof(gains));
        }

        double[] h = gains.ToArray();
        double[] w = weights.ToArray();
        return Solution(Search.ModeSearch.Exhaustive(n, mode => allocator.Allocate(h, mode, w), a => a.Rate));
    }

    /// <summary>Coordinate descent from <paramref name="start"/>: a local optimum under single-device flips.</summary>
    public WpmecSolution CoordinateDescent(ReadOnlySpan<double> gains, ReadOnlySpan<double> weights, ReadOnlySpan<bool> start, int maxSteps = int.MaxValue)
    {
        double[] h = gains.ToArray();
        double[] w = weights.ToArray();
        return Solution(Search.ModeSearch.CoordinateDescent(start, mode => allocator.Allocate(h, mode, w), a => a.Rate, maxSteps));
    }

    private static WpmecSolution Solution(Search.ModeSearchResult<WpmecAllocation> found) => new([.. found.Mode], found.Priced, found.Count) { Steps = found.Steps };
}
