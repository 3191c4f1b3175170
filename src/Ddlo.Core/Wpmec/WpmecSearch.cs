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
    /// <summary>Devices above which enumerating every mode is out of reach (2^20 modes take about 10 s on two cores).</summary>
    public const int MaxExhaustiveDevices = 20;

    /// <summary>Modes one parallel chunk of the exhaustive search prices.</summary>
    private const int Chunk = 256;

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
        long modes = 1L << n;
        int chunks = (int)((modes + Chunk - 1) / Chunk);
        var best = new (long Mask, WpmecAllocation Allocation)[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            var mode = new bool[n];
            (long Mask, WpmecAllocation? Allocation) local = (-1, null);
            long end = Math.Min(modes, (chunk + 1L) * Chunk);
            for (long mask = (long)chunk * Chunk; mask < end; mask++)
            {
                for (int i = 0; i < n; i++)
                {
                    mode[i] = ((mask >> i) & 1) == 1;
                }

                var allocation = allocator.Allocate(h, mode, w);
                if (local.Allocation is null || allocation.Rate > local.Allocation.Rate)
                {
                    local = (mask, allocation);
                }
            }

            best[chunk] = (local.Mask, local.Allocation!);
        });

        // Chunks in mask order, so ties still go to the first mode.
        var winner = best[0];
        foreach (var candidate in best.AsSpan(1))
        {
            if (candidate.Allocation.Rate > winner.Allocation.Rate)
            {
                winner = candidate;
            }
        }

        return new WpmecSolution([.. Enumerable.Range(0, n).Select(i => ((winner.Mask >> i) & 1) == 1)], winner.Allocation, modes);
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
