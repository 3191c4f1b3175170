using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>
/// Device search: descent over single-device changes. Each round prices every change of one device's M decisions to
/// each of its other 2^M - 1 choices around the current decision, N * (2^M - 1) candidates, and takes the best single
/// change, or the best 2, 4, 8, ... devices' changes together when those, priced exactly, lower Q more; it stops
/// after <c>rounds</c> rounds or when no change helps. Each candidate is priced exactly
/// (the optimal or equal split) in O(log N), so a round at N = 100, M = 3 costs about as much as a few full P2 solves.
/// It is the coordinate-descent step DROO's authors compare against, here used to improve the networks' best
/// candidate (and so what they learn from).
/// </summary>
public sealed class DeviceSearch
{
    private readonly MecModel model;
    private readonly SplitPricer pricer;

    public DeviceSearch(MecModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        pricer = new SplitPricer(model);
    }

    /// <summary>Improves <paramref name="start"/> on <paramref name="workload"/> by up to <paramref name="rounds"/> rounds.</summary>
    public DeviceSearchResult Improve(Workload workload, ReadOnlySpan<bool> start, int rounds)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        if (start.Length != workload.TaskCount)
        {
            throw new ArgumentException($"The decision has {start.Length} bits but the workload has N*M = {workload.TaskCount} tasks.", nameof(start));
        }

        int m = workload.TasksPerDevice;
        var table = model.LoadTable(workload);
        var masks = new int[workload.Devices];
        var loads = new DeviceLoad[workload.Devices];
        for (int n = 0; n < masks.Length; n++)
        {
            for (int t = 0; t < m; t++)
            {
                masks[n] |= start[(n * m) + t] ? 1 << t : 0;
            }

            loads[n] = table[n][masks[n]];
        }

        double q = pricer.Reset(loads);
        long priced = 0;
        int improving = 0;
        var moves = new List<(int Device, int Mask, double Q)>(masks.Length);
        for (int round = 0; round < rounds; round++)
        {
            // Each device's best change around the current decision, priced exactly with every other device as it is.
            moves.Clear();
            for (int n = 0; n < masks.Length; n++)
            {
                var options = table[n];
                (int Mask, double Q) best = (-1, q);
                for (int mask = 0; mask < options.Length; mask++)
                {
                    if (mask == masks[n])
                    {
                        continue;
                    }

                    double candidate = pricer.QWith(n, options[mask]);
                    priced++;
                    if (candidate < best.Q)
                    {
                        best = (mask, candidate);
                    }
                }

                // Rounding may show a change as a gain of a few ulps: only a real gain is a move.
                if (best.Mask >= 0 && best.Q < q - (1e-12 * Math.Abs(q)))
                {
                    moves.Add((n, best.Mask, best.Q));
                }
            }

            if (moves.Count == 0)
            {
                break;
            }

            q = Step(table, masks, loads, moves);
            improving++;
        }

        var bits = new bool[workload.TaskCount];
        for (int n = 0; n < masks.Length; n++)
        {
            for (int t = 0; t < m; t++)
            {
                bits[(n * m) + t] = ((masks[n] >> t) & 1) != 0;
            }
        }

        return new DeviceSearchResult(OffloadDecision.FromBits(bits), improving, priced);
    }

    /// <summary>
    /// Takes the best of: the single best move (steepest descent), and the best 2, 4, 8, ... moves together, each
    /// priced exactly. Together the moves interact only through the price of bandwidth, so at large N many devices'
    /// moves usually add up, and one round does the work of many; the single move keeps every round a descent.
    /// </summary>
    private double Step(DeviceLoad[][] table, int[] masks, DeviceLoad[] loads, List<(int Device, int Mask, double Q)> moves)
    {
        moves.Sort((a, b) => a.Q != b.Q ? a.Q.CompareTo(b.Q) : a.Device.CompareTo(b.Device));
        int bestCount = 1;
        double bestQ = moves[0].Q;
        var trial = (DeviceLoad[])loads.Clone();
        int applied = 0;
        for (int count = 2; count / 2 < moves.Count; count *= 2)
        {
            int take = Math.Min(count, moves.Count);
            for (; applied < take; applied++)
            {
                trial[moves[applied].Device] = table[moves[applied].Device][moves[applied].Mask];
            }

            double together = pricer.Reset(trial);
            if (together < bestQ)
            {
                (bestCount, bestQ) = (take, together);
            }
        }

        for (int i = 0; i < bestCount; i++)
        {
            masks[moves[i].Device] = moves[i].Mask;
            loads[moves[i].Device] = table[moves[i].Device][moves[i].Mask];
        }

        return pricer.Reset(loads);
    }
}
