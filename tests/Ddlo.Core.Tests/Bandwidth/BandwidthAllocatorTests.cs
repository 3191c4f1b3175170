using Ddlo.Core.Bandwidth;
using Ddlo.Core.Model;
using MathNet.Numerics.RootFinding;

namespace Ddlo.Core.Tests.Bandwidth;

public sealed class BandwidthAllocatorTests
{
    private const double Beta = 1.0;

    public static TheoryData<double[], double> RandomScarceCases()
    {
        var random = new Random(7);
        var data = new TheoryData<double[], double>();
        for (int i = 0; i < 40; i++)
        {
            int n = 2 + random.Next(2);
            data.Add(Enumerable.Range(0, n * 3).Select(_ => (double)random.Next(10, 31)).ToArray(), 2 + (random.NextDouble() * 30));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RandomScarceCases))]
    public void Should_never_be_beaten_by_a_brute_force_search_over_bandwidth_splits(double[] sizes, double capacity)
    {
        var model = ModelWith(capacity);
        var workload = Workload.Create(sizes.Length / 3, 3, sizes);
        var random = new Random(sizes.Length);
        for (int trial = 0; trial < 8; trial++)
        {
            var decision = OffloadDecision.FromBits(Enumerable.Range(0, sizes.Length).Select(_ => random.Next(2) == 1));
            var loads = model.Loads(workload, decision);
            double exact = model.Utility(loads);
            double brute = BruteForceUtility(loads, capacity);

            Assert.True(exact <= brute + 1e-9, $"P2 gave {exact}, a split on the grid gave {brute}");
            Assert.True(brute - exact < 1e-3 * exact, $"the grid search {brute} should come close to the exact {exact}");
        }
    }

    [Fact]
    public void Should_satisfy_the_KKT_conditions_when_bandwidth_is_scarce()
    {
        // Three devices that all offload a lot, so bandwidth is the bottleneck.
        DeviceLoad[] loads =
        [
            new(0, LocalTime: 10, OffloadedMb: 40, EdgeTime: 0.5),
            new(0, LocalTime: 2, OffloadedMb: 10, EdgeTime: 0.2),
            new(0, LocalTime: 0, OffloadedMb: 25, EdgeTime: 0.3),
        ];
        var c = new double[3];
        BandwidthAllocator.Allocate(loads, 10, Beta, BandwidthPolicy.Optimal, c, out double lambda);

        Assert.Equal(10, c.Sum(), 9);
        Assert.True(lambda > 0);
        for (int n = 0; n < loads.Length; n++)
        {
            double marginal = Beta * loads[n].OffloadedMb / (c[n] * c[n]);
            if (c[n] < loads[n].SaturationBandwidth - 1e-12)
            {
                // Stationarity: every unsaturated device values its last MB/s at the price.
                Assert.Equal(lambda, marginal, 9);
            }
            else
            {
                // A saturated device would pay at least the price for more, but gains nothing from it.
                Assert.True(marginal >= lambda - 1e-9);
            }
        }
    }

    [Fact]
    public void Should_find_the_same_price_as_an_independent_root_finder()
    {
        DeviceLoad[] loads =
        [
            new(0, LocalTime: 3, OffloadedMb: 30, EdgeTime: 0.1),
            new(0, LocalTime: 8, OffloadedMb: 60, EdgeTime: 0.9),
            new(0, LocalTime: 1, OffloadedMb: 12, EdgeTime: 2.0),
            new(0, LocalTime: 5, OffloadedMb: 5, EdgeTime: 0.2),
        ];
        const double capacity = 14;
        var c = new double[4];
        BandwidthAllocator.Allocate(loads, capacity, Beta, BandwidthPolicy.Optimal, c, out double lambda);

        // Sum_n min(sqrt(beta D / lambda), c0) = C, solved by MathNet's Brent method in log(lambda).
        double Excess(double logLambda) =>
            loads.Sum(l => Math.Min(Math.Sqrt(Beta * l.OffloadedMb / Math.Exp(logLambda)), l.SaturationBandwidth)) - capacity;
        double root = Math.Exp(Brent.FindRoot(Excess, -30, 30, 1e-14, 200));

        Assert.Equal(1.0, lambda / root, 9);
        for (int n = 0; n < loads.Length; n++)
        {
            Assert.Equal(Math.Min(Math.Sqrt(Beta * loads[n].OffloadedMb / root), loads[n].SaturationBandwidth), c[n], 8);
        }
    }

    [Fact]
    public void Should_give_every_device_its_saturation_bandwidth_when_they_all_fit()
    {
        DeviceLoad[] loads =
        [
            new(0, LocalTime: 10, OffloadedMb: 5, EdgeTime: 1),
            new(0, LocalTime: 4, OffloadedMb: 2, EdgeTime: 2),
        ];
        var c = new double[2];
        BandwidthAllocator.Allocate(loads, 100, Beta, BandwidthPolicy.Optimal, c, out double lambda);

        Assert.Equal(5.0 / 9.0, c[0], 12);
        Assert.Equal(1.0, c[1], 12);
        Assert.Equal(0, lambda);
        Assert.Equal(loads[0].LocalTime, loads[0].Delay(c[0]), 12);
    }

    [Fact]
    public void Should_give_nothing_to_devices_that_offload_nothing()
    {
        DeviceLoad[] loads =
        [
            new(1, LocalTime: 10, OffloadedMb: 0, EdgeTime: 0),
            new(1, LocalTime: 0, OffloadedMb: 20, EdgeTime: 0.5),
        ];
        var c = new double[2];
        double cost = BandwidthAllocator.Allocate(loads, 18.75, Beta, BandwidthPolicy.Optimal, c, out _);

        Assert.Equal(0, c[0]);
        Assert.Equal(18.75, c[1], 12);
        Assert.Equal(10 + (20 / 18.75) + 0.5, cost, 12);
    }

    [Fact]
    public void Should_leave_all_bandwidth_unused_when_nothing_is_offloaded()
    {
        DeviceLoad[] loads = [new(1, 3, 0, 0), new(1, 4, 0, 0)];
        var c = new double[2];
        double cost = BandwidthAllocator.Allocate(loads, 10, Beta, BandwidthPolicy.Optimal, c, out double lambda);

        Assert.Equal([0.0, 0.0], c);
        Assert.Equal(0, lambda);
        Assert.Equal(7, cost, 12);
    }

    [Fact]
    public void Should_give_a_single_device_the_whole_uplink()
    {
        DeviceLoad[] loads = [new(0, LocalTime: 0, OffloadedMb: 30, EdgeTime: 1)];
        var c = new double[1];
        BandwidthAllocator.Allocate(loads, 12.5, Beta, BandwidthPolicy.Optimal, c, out _);

        Assert.Equal(12.5, c[0], 12);
    }

    [Fact]
    public void Should_split_equally_under_the_equal_policy()
    {
        DeviceLoad[] loads = [new(0, 0, 30, 1), new(0, 5, 0, 0), new(0, 0, 1, 0)];
        var c = new double[3];
        BandwidthAllocator.Allocate(loads, 12, Beta, BandwidthPolicy.Equal, c, out _);

        Assert.All(c, share => Assert.Equal(4, share, 12));
    }

    private static MecModel ModelWith(double capacity) =>
        new(MecParameters.Paper with { UplinkMBps = capacity }, BandwidthPolicy.Optimal);

    /// <summary>Best Q over a grid of splits of C (step C/120), refined around the best point.</summary>
    private static double BruteForceUtility(DeviceLoad[] loads, double capacity)
    {
        double energy = loads.Sum(l => l.Energy);
        double Cost(double[] c) => energy + (Beta * loads.Select((l, n) => l.Delay(c[n])).Sum());

        const int steps = 120;
        double best = double.PositiveInfinity;
        double[] bestSplit = [];
        foreach (double[] split in Splits(loads.Length, steps))
        {
            double[] c = split.Select(s => s * capacity / steps).ToArray();
            double cost = Cost(c);
            if (cost < best)
            {
                best = cost;
                bestSplit = c;
            }
        }

        // Coordinate refinement: move bandwidth between pairs in shrinking steps.
        for (double step = capacity / steps; step > 1e-9; step /= 2)
        {
            bool improved = true;
            while (improved)
            {
                improved = false;
                for (int i = 0; i < loads.Length; i++)
                {
                    for (int j = 0; j < loads.Length; j++)
                    {
                        if (i == j || bestSplit[j] < step)
                        {
                            continue;
                        }

                        double[] c = (double[])bestSplit.Clone();
                        c[i] += step;
                        c[j] -= step;
                        double cost = Cost(c);
                        if (cost < best - 1e-15)
                        {
                            best = cost;
                            bestSplit = c;
                            improved = true;
                        }
                    }
                }
            }
        }

        return best;
    }

    private static IEnumerable<double[]> Splits(int devices, int steps)
    {
        if (devices == 1)
        {
            yield return [steps];
            yield break;
        }

        for (int first = 0; first <= steps; first++)
        {
            foreach (double[] rest in Splits(devices - 1, steps - first))
            {
                yield return [first, .. rest];
            }
        }
    }
}
