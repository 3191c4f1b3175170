using System.Collections.Immutable;

namespace Ddlo.Core.Wpmec;

/// <summary>One frame's best offloading mode found by a search, with its exact allocation.</summary>
/// <param name="Mode">x_i: whether device i offloads.</param>
/// <param name="Allocation">The exact split and rate of that mode.</param>
/// <param name="Priced">Modes priced by the search.</param>
public sealed record WpmecSolution(ImmutableArray<bool> Mode, WpmecAllocation Allocation, long Priced);

/// <summary>
/// Searches over DROO's offloading modes, each priced exactly by a <see cref="WpmecAllocator"/>: all 2^N of them (the
/// optimum; the authors' data set was made so for N = 10), or coordinate descent, the authors' baseline for larger N
/// (from a start, flip the one device whose flip raises the rate most, while any does).
/// </summary>
public sealed class WpmecSearch(WpmecAllocator allocator)
{
    /// <summary>Devices above which enumerating every mode is out of reach.</summary>
    public const int MaxExhaustiveDevices = 24;

    /// <summary>The best of all 2^N modes (ties to the first in mask order).</summary>
    public WpmecSolution Exhaustive(ReadOnlySpan<double> gains, ReadOnlySpan<double> weights)
    {
        int n = gains.Length;
        if (n > MaxExhaustiveDevices)
        {
            throw new ArgumentException($"Enumerating every mode is limited to N <= {MaxExhaustiveDevices}; use coordinate descent for N = {n}.", nameof(gains));
        }

        var mode = new bool[n];
        bool[] best = new bool[n];
        WpmecAllocation? bestAllocation = null;
        long modes = 1L << n;
        for (long mask = 0; mask < modes; mask++)
        {
            for (int i = 0; i < n; i++)
            {
                mode[i] = ((mask >> i) & 1) == 1;
            }

            var allocation = allocator.Allocate(gains, mode, weights);
            if (bestAllocation is null || allocation.Rate > bestAllocation.Rate)
            {
                (bestAllocation, best) = (allocation, (bool[])mode.Clone());
            }
        }

        return new WpmecSolution([.. best], bestAllocation!, modes);
    }

    /// <summary>Coordinate descent from <paramref name="start"/>: a local optimum under single-device flips.</summary>
    public WpmecSolution CoordinateDescent(ReadOnlySpan<double> gains, ReadOnlySpan<double> weights, ReadOnlySpan<bool> start)
    {
        int n = gains.Length;
        bool[] mode = start.ToArray();
        var current = allocator.Allocate(gains, mode, weights);
        long priced = 1;
        while (true)
        {
            int bestFlip = -1;
            WpmecAllocation? bestAllocation = null;
            for (int i = 0; i < n; i++)
            {
                mode[i] = !mode[i];
                var allocation = allocator.Allocate(gains, mode, weights);
                priced++;
                mode[i] = !mode[i];
                if (allocation.Rate > (bestAllocation?.Rate ?? current.Rate))
                {
                    (bestFlip, bestAllocation) = (i, allocation);
                }
            }

            if (bestFlip < 0)
            {
                return new WpmecSolution([.. mode], current, priced);
            }

            mode[bestFlip] = !mode[bestFlip];
            current = bestAllocation!;
        }
    }
}
