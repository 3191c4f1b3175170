using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>
/// Device search: steepest descent over single-device changes. Each round prices every change of one device's M
/// decisions to each of its other 2^M - 1 choices around the current decision, N * (2^M - 1) candidates, and keeps the
/// best if it lowers Q; it stops after <c>rounds</c> rounds or when no change helps. Each candidate is priced exactly
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
        for (int round = 0; round < rounds; round++)
        {
            (int Device, int Mask, double Q) best = (-1, 0, q);
            for (int n = 0; n < masks.Length; n++)
            {
                var options = table[n];
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
                        best = (n, mask, candidate);
                    }
                }
            }

            // Rounding may show a change as a gain of a few ulps: only a real gain is a step.
            if (best.Device < 0 || best.Q >= q - (1e-12 * Math.Abs(q)))
            {
                break;
            }

            masks[best.Device] = best.Mask;
            loads[best.Device] = table[best.Device][best.Mask];
            q = pricer.Reset(loads);
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
}
