using Ddlo.Core.Model;

namespace Ddlo.Core.Bandwidth;

/// <summary>
/// Splits the uplink C between devices for a fixed decision. The optimal split is the exact solution of (P2).
/// </summary>
/// <remarks>
/// For fixed x the energy is constant and each device's delay term beta * max(L, D / c + S) is convex and
/// non-increasing in c, flat beyond c0 = D / (L - S). The KKT conditions give, for a price lambda on bandwidth,
/// c_n = min(sqrt(beta * D_n / lambda), c0_n). Writing mu = 1 / sqrt(lambda), the total
/// sum_n min(mu * sqrt(beta * D_n), c0_n) is piecewise linear and increasing in mu, with a breakpoint where each
/// device saturates. Walking the breakpoints in order finds the segment where the total equals C and solves that
/// linear piece exactly: O(N log N), no iteration, no tolerance.
/// </remarks>
public static class BandwidthAllocator
{
    private const int StackLimit = 128;

    /// <summary>
    /// Fills <paramref name="bandwidth"/> with the split of <paramref name="capacity"/> MB/s under the policy
    /// and returns the sum of beta * delay over devices. <paramref name="price"/> is the KKT multiplier lambda.
    /// </summary>
    public static double Allocate(
        ReadOnlySpan<DeviceLoad> loads,
        double capacity,
        double beta,
        BandwidthPolicy policy,
        Span<double> bandwidth,
        out double price)
    {
        if (bandwidth.Length < loads.Length)
        {
            throw new ArgumentException("The bandwidth span is shorter than the number of devices.", nameof(bandwidth));
        }

        if (policy == BandwidthPolicy.Equal)
        {
            price = 0;
            bandwidth[..loads.Length].Fill(capacity / loads.Length);
        }
        else
        {
            price = AllocateOptimal(loads, capacity, beta, bandwidth);
        }

        double delayCost = 0;
        for (int n = 0; n < loads.Length; n++)
        {
            delayCost += loads[n].Delay(bandwidth[n]);
        }

        return beta * delayCost;
    }

    /// <summary>The beta-weighted delay cost of the optimal split, without keeping the split (the search's hot path).</summary>
    public static double OptimalDelayCost(ReadOnlySpan<DeviceLoad> loads, double capacity, double beta)
    {
        if (loads.Length <= StackLimit)
        {
            Span<double> bandwidth = stackalloc double[loads.Length];
            return Allocate(loads, capacity, beta, BandwidthPolicy.Optimal, bandwidth, out _);
        }

        return Allocate(loads, capacity, beta, BandwidthPolicy.Optimal, new double[loads.Length], out _);
    }

    private static double AllocateOptimal(ReadOnlySpan<DeviceLoad> loads, double capacity, double beta, Span<double> bandwidth)
    {
        int n = loads.Length;
        double capSum = 0;
        int offloading = 0;
        bool anyUnbounded = false;
        for (int i = 0; i < n; i++)
        {
            double cap = loads[i].SaturationBandwidth;
            bandwidth[i] = cap;
            if (loads[i].OffloadedMb > 0)
            {
                offloading++;
                anyUnbounded |= double.IsPositiveInfinity(cap);
                capSum += cap;
            }
        }

        // Nothing to upload, or every device saturates within C: the caps are optimal and bandwidth is free.
        if (offloading == 0 || (!anyUnbounded && capSum <= capacity))
        {
            return 0;
        }

        // Weights a_n = sqrt(D_n) (beta rescales mu only) and breakpoints mu_n = c0_n / a_n, visited in increasing order.
        Span<double> breakpoints = offloading <= StackLimit ? stackalloc double[offloading] : new double[offloading];
        Span<int> order = offloading <= StackLimit ? stackalloc int[offloading] : new int[offloading];
        double weightSum = 0;
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            double d = loads[i].OffloadedMb;
            if (d > 0)
            {
                double a = Math.Sqrt(d);
                weightSum += a;
                breakpoints[k] = bandwidth[i] / a;
                order[k++] = i;
            }
        }

        breakpoints.Sort(order);

        double saturated = 0;
        double mu = 0;
        for (int j = 0; j < offloading; j++)
        {
            mu = (capacity - saturated) / weightSum;
            if (mu <= breakpoints[j])
            {
                break;
            }

            int i = order[j];
            saturated += bandwidth[i];
            weightSum -= Math.Sqrt(loads[i].OffloadedMb);
        }

        for (int i = 0; i < n; i++)
        {
            double d = loads[i].OffloadedMb;
            bandwidth[i] = d > 0 ? Math.Min(mu * Math.Sqrt(d), bandwidth[i]) : 0;
        }

        // c = mu * sqrt(D) = sqrt(beta * D / lambda)  =>  lambda = beta / mu^2.
        return beta / (mu * mu);
    }
}
