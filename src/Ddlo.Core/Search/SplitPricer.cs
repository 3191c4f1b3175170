using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>
/// Prices single-device changes to a decision in O(log N) each, exactly: Q with device i's load replaced, with the
/// optimal (P2) or equal bandwidth split, equal to <see cref="MecModel.Utility(ReadOnlySpan{DeviceLoad})"/> up to
/// rounding.
/// </summary>
/// <remarks>
/// Under the optimal split every offloading device gets c_n = min(mu * sqrt(D_n), c0_n) for the mu where the total is
/// C (see <see cref="Bandwidth.BandwidthAllocator"/>). With the devices' breakpoints mu_n = c0_n / sqrt(D_n) sorted
/// once, and prefix sums of c0, sqrt(D), L and S in that order, the total at any mu and the delay it gives are a few
/// look-ups: the devices below mu are saturated (delay L), the rest get sqrt(D) / mu + S. A changed device is taken
/// out of those sums and its new load put in, and a binary search over the breakpoints finds the segment where the
/// total crosses C. Rebuilding after a change costs O(N log N).
/// </remarks>
internal sealed class SplitPricer
{
    private readonly MecModel model;
    private readonly double capacity;
    private readonly double beta;
    private DeviceLoad[] loads = [];
    private double energy;
    private double equalTotal;
    private double localTimes;
    private double zeroLocal;
    private double unboundedWeight;
    private double unboundedEdge;
    private int unboundedCount;
    private double[] breakpoints = [];
    private double[] capPrefix = [];
    private double[] weightPrefix = [];
    private double[] localPrefix = [];
    private double[] edgePrefix = [];
    private int[] position = [];

    public SplitPricer(MecModel model)
    {
        this.model = model;
        capacity = model.Parameters.UplinkMBps;
        beta = model.Parameters.Beta;
    }

    /// <summary>Takes the loads of the current decision (copied), and returns its Q.</summary>
    public double Reset(ReadOnlySpan<DeviceLoad> current)
    {
        loads = current.ToArray();
        int n = loads.Length;
        (energy, localTimes, zeroLocal, unboundedWeight, unboundedEdge, unboundedCount) = (0, 0, 0, 0, 0, 0);
        position = new int[n];
        var finite = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            var load = loads[i];
            energy += load.Energy;
            localTimes += load.LocalTime;
            position[i] = -1;
            if (load.OffloadedMb <= 0)
            {
                zeroLocal += load.LocalTime;
            }
            else if (double.IsPositiveInfinity(load.SaturationBandwidth))
            {
                unboundedWeight += Math.Sqrt(load.OffloadedMb);
                unboundedEdge += load.EdgeTime;
                unboundedCount++;
            }
            else
            {
                finite.Add(i);
            }
        }

        int f = finite.Count;
        breakpoints = new double[f];
        var order = finite.ToArray();
        for (int k = 0; k < f; k++)
        {
            breakpoints[k] = Breakpoint(loads[order[k]]);
        }

        Array.Sort(breakpoints, order);
        (capPrefix, weightPrefix, localPrefix, edgePrefix) = (new double[f + 1], new double[f + 1], new double[f + 1], new double[f + 1]);
        for (int k = 0; k < f; k++)
        {
            var load = loads[order[k]];
            position[order[k]] = k;
            capPrefix[k + 1] = capPrefix[k] + load.SaturationBandwidth;
            weightPrefix[k + 1] = weightPrefix[k] + Math.Sqrt(load.OffloadedMb);
            localPrefix[k + 1] = localPrefix[k] + load.LocalTime;
            edgePrefix[k + 1] = edgePrefix[k] + load.EdgeTime;
        }

        return model.Policy == BandwidthPolicy.Equal ? EqualQ(-1, default) : OptimalQ(-1, default);
    }

    /// <summary>Q of the current decision with device <paramref name="device"/>'s load replaced by <paramref name="load"/>.</summary>
    public double QWith(int device, DeviceLoad load) =>
        model.Policy == BandwidthPolicy.Equal ? EqualQ(device, load) : OptimalQ(device, load);

    /// <summary>With C / N per device, Q separates: the device's own cost is swapped.</summary>
    private double EqualQ(int device, DeviceLoad load)
    {
        if (device < 0)
        {
            equalTotal = 0;
            foreach (var l in loads)
            {
                equalTotal += EqualCost(l);
            }

            return equalTotal;
        }

        return equalTotal - EqualCost(loads[device]) + EqualCost(load);
    }

    private double EqualCost(DeviceLoad load) => load.Energy + (beta * load.Delay(capacity / loads.Length));

    private static double Breakpoint(DeviceLoad load) => load.SaturationBandwidth / Math.Sqrt(load.OffloadedMb);

    private static bool IsUnbounded(DeviceLoad load) => load.OffloadedMb > 0 && double.IsPositiveInfinity(load.SaturationBandwidth);

    private double OptimalQ(int device, DeviceLoad added)
    {
        // Take the changed device out of the sums.
        DeviceLoad removed = device >= 0 ? loads[device] : default;
        int removedAt = device >= 0 ? position[device] : -1;
        double fixedLocal = zeroLocal;
        double freeWeight = unboundedWeight;
        double freeEdge = unboundedEdge;
        int freeCount = unboundedCount;
        double capTotal = capPrefix[^1];
        if (device >= 0)
        {
            if (removed.OffloadedMb <= 0)
            {
                fixedLocal -= removed.LocalTime;
            }
            else if (removedAt < 0)
            {
                freeWeight -= Math.Sqrt(removed.OffloadedMb);
                freeEdge -= removed.EdgeTime;
                freeCount--;
            }
            else
            {
                capTotal -= removed.SaturationBandwidth;
            }
        }

        bool addedZero = device < 0 || added.OffloadedMb <= 0;
        bool addedFree = device >= 0 && IsUnbounded(added);
        bool addedFinite = !addedZero && !addedFree;
        double addedWeight = addedZero ? 0 : Math.Sqrt(added.OffloadedMb);
        double addedCap = addedFinite ? added.SaturationBandwidth : 0;
        double addedBreak = addedFinite ? addedCap / addedWeight : 0;
        double baseEnergy = energy - removed.Energy + (device >= 0 ? added.Energy : 0);
        if (addedZero && device >= 0)
        {
            fixedLocal += added.LocalTime;
        }

        // Every offloading device saturates within C (or nothing is offloaded): all delays are L.
        if (freeCount == 0 && !addedFree && capTotal + addedCap <= capacity)
        {
            double allLocal = localTimes - removed.LocalTime + (device >= 0 ? added.LocalTime : 0);
            return baseEnergy + (beta * allLocal);
        }

        // The first breakpoint at which the total reaches C: below it the devices before it are saturated.
        int f = breakpoints.Length;
        int low = 0, high = f;
        while (low < high)
        {
            int j = (low + high) / 2;
            var (capSat, weightFree) = Segment(j, removed, removedAt, freeWeight);
            double mu = breakpoints[j];
            if (addedFinite && addedBreak <= mu)
            {
                capSat += addedCap;
            }
            else
            {
                weightFree += addedWeight;
            }

            if (capSat + (mu * weightFree) >= capacity)
            {
                high = j;
            }
            else
            {
                low = j + 1;
            }
        }

        var (sat, weight) = Segment(low, removed, removedAt, freeWeight);
        bool addedSaturated = false;
        double price;
        if (!addedFinite)
        {
            price = (capacity - sat) / (weight + addedWeight);
        }
        else
        {
            price = (capacity - sat) / (weight + addedWeight);
            if (price > addedBreak)
            {
                addedSaturated = true;
                price = weight > 0 ? (capacity - sat - addedCap) / weight : addedBreak;
            }
        }

        double delay = fixedLocal + localPrefix[low] + (edgePrefix[^1] - edgePrefix[low]) + freeEdge;
        double unsaturatedWeight = weight;
        if (removedAt >= 0)
        {
            if (removedAt < low)
            {
                delay -= removed.LocalTime;
            }
            else
            {
                delay -= removed.EdgeTime;
            }
        }

        if (addedFinite && addedSaturated)
        {
            delay += added.LocalTime;
        }
        else if (!addedZero)
        {
            delay += added.EdgeTime;
            unsaturatedWeight += addedWeight;
        }

        delay += unsaturatedWeight / price;
        return baseEnergy + (beta * delay);
    }

    /// <summary>
    /// With the sorted devices before <paramref name="j"/> saturated (the removed one left out): their caps' sum, and
    /// the sqrt(D) sum of the unsaturated ones, the unbounded included.
    /// </summary>
    private (double CapSat, double WeightFree) Segment(int j, DeviceLoad removed, int removedAt, double freeWeight)
    {
        double capSat = capPrefix[j];
        double weightFree = weightPrefix[^1] - weightPrefix[j] + freeWeight;
        if (removedAt >= 0)
        {
            if (removedAt < j)
            {
                capSat -= removed.SaturationBandwidth;
            }
            else
            {
                weightFree -= Math.Sqrt(removed.OffloadedMb);
            }
        }

        return (capSat, weightFree);
    }
}
