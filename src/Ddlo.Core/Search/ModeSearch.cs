namespace Ddlo.Core.Search;

/// <summary>One bit per device and the best value found for it, with what the search priced.</summary>
/// <param name="Mode">x_i: whether device i offloads.</param>
/// <param name="Priced">What <paramref name="Mode"/> priced at (an allocation, a critic's answer).</param>
/// <param name="Count">Modes priced by the search.</param>
public sealed record ModeSearchResult<T>(bool[] Mode, T Priced, long Count)
{
    /// <summary>Flips coordinate descent made (0 for the exhaustive search).</summary>
    public int Steps { get; init; }
}

/// <summary>
/// Searches over binary offloading modes, one bit per device, for the one whose exact price has the highest value: all
/// 2^N of them (in parallel chunks; ties to the first in mask order), or coordinate descent (from a start, flip the one
/// device whose flip raises the value most, while any does). WPMEC's rate and LyDROO's critic both search this way.
/// </summary>
public static class ModeSearch
{
    /// <summary>Devices above which enumerating every mode is out of reach (2^20 WPMEC modes take about 10 s on two cores).</summary>
    public const int MaxExhaustiveDevices = 20;

    /// <summary>Modes one parallel chunk of the exhaustive search prices.</summary>
    private const int Chunk = 256;

    /// <summary>The best of all 2^<paramref name="devices"/> modes; <paramref name="price"/> is called from several threads.</summary>
    public static ModeSearchResult<T> Exhaustive<T>(int devices, Func<bool[], T> price, Func<T, double> value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(value);
        if (devices is < 1 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(devices), devices, "Enumerating every mode needs 1 <= N <= 30.");
        }

        long modes = 1L << devices;
        int chunks = (int)((modes + Chunk - 1) / Chunk);
        var best = new (long Mask, T Priced, double Value)[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            var mode = new bool[devices];
            (long Mask, T? Priced, double Value) local = (-1, null, double.NegativeInfinity);
            long end = Math.Min(modes, (chunk + 1L) * Chunk);
            for (long mask = (long)chunk * Chunk; mask < end; mask++)
            {
                for (int i = 0; i < devices; i++)
                {
                    mode[i] = ((mask >> i) & 1) == 1;
                }

                var priced = price(mode);
                double v = value(priced);
                if (local.Priced is null || v > local.Value)
                {
                    local = (mask, priced, v);
                }
            }

            best[chunk] = (local.Mask, local.Priced!, local.Value);
        });

        // Chunks in mask order, so ties still go to the first mode.
        var winner = best[0];
        foreach (var candidate in best.AsSpan(1))
        {
            if (candidate.Value > winner.Value)
            {
                winner = candidate;
            }
        }

        return new([.. Enumerable.Range(0, devices).Select(i => ((winner.Mask >> i) & 1) == 1)], winner.Priced, modes);
    }

    /// <summary>
    /// Coordinate descent from <paramref name="start"/>: a local optimum under single-device flips, or the mode after
    /// <paramref name="maxSteps"/> flips when that comes first.
    /// </summary>
    public static ModeSearchResult<T> CoordinateDescent<T>(ReadOnlySpan<bool> start, Func<bool[], T> price, Func<T, double> value, int maxSteps = int.MaxValue)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(price);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSteps);
        bool[] mode = start.ToArray();
        var current = price(mode);
        long priced = 1;
        for (int steps = 0; ; steps++)
        {
            if (steps == maxSteps)
            {
                return new(mode, current, priced) { Steps = steps };
            }

            int bestFlip = -1;
            T? bestPriced = null;
            double bestValue = value(current);
            for (int i = 0; i < mode.Length; i++)
            {
                mode[i] = !mode[i];
                var flipped = price(mode);
                double v = value(flipped);
                priced++;
                mode[i] = !mode[i];
                if (v > bestValue)
                {
                    (bestFlip, bestPriced, bestValue) = (i, flipped, v);
                }
            }

            if (bestFlip < 0)
            {
                return new(mode, current, priced) { Steps = steps };
            }

            mode[bestFlip] = !mode[bestFlip];
            current = bestPriced!;
        }
    }
}
