using System.Globalization;
using Ddlo.Core.Wpmec;

namespace Ddlo.Core.Tests.Wpmec;

/// <summary>DROO's WPMEC allocation, exact, against the optimum the authors published for every row of their data set.</summary>
public sealed class WpmecAllocatorTests
{
    private static readonly WpmecAllocator Allocator = new(WpmecParameters.Paper);

    private static IEnumerable<Row> Rows() => File.ReadLines(TestData.PathOf("droo-wpmec-10-head.csv")).Skip(1).Select(Row.Parse);

    [Fact]
    public void Should_reach_the_published_rate_of_the_published_mode_on_every_row()
    {
        double[] weights = WpmecParameters.DefaultWeights(10);
        int rows = 0;
        double worst = double.PositiveInfinity;
        double best = double.NegativeInfinity;
        double overTheirs = double.PositiveInfinity;
        foreach (var row in Rows())
        {
            var allocation = Allocator.Allocate(row.Gains, row.Mode, weights);
            double ratio = allocation.Rate / row.Rate;
            (worst, best) = (Math.Min(worst, ratio), Math.Max(best, ratio));
            // Their own split (a, tau), priced exactly: ours is at least as good (theirs fills the frame to within 2e-8).
            double theirs = Allocator.Rate(row.Gains, row.Mode, weights, row.PowerTransfer, row.OffloadTimes);
            overTheirs = Math.Min(overTheirs, allocation.Rate / theirs);
            // The frame is used in full, and the split is the authors' to their bisection's precision.
            Assert.Equal(1.0, allocation.PowerTransfer + allocation.OffloadTimes.Sum(), 12);
            Assert.Equal(row.PowerTransfer, allocation.PowerTransfer, 3);
            rows++;
        }

        Assert.Equal(1000, rows);
        Assert.True(overTheirs > 1 - 3e-8, $"lowest ratio to the rate of the published split {overTheirs}");
        // The published rates carry the authors' bisection error (their own split, priced exactly, is up to 5.5e-7
        // below the rate they report): within 1e-6 of ours.
        Assert.True(worst > 1 - 1e-6 && best < 1 + 1e-6, $"ratio to the published rate from {worst} to {best}");
    }

    [Fact]
    public void Should_find_the_published_optimum_by_enumerating_every_mode()
    {
        double[] weights = WpmecParameters.DefaultWeights(10);
        var search = new WpmecSearch(Allocator);
        foreach (var row in Rows().Take(20))
        {
            var best = search.Exhaustive(row.Gains, weights);

            Assert.Equal(1024, best.Priced);
            Assert.InRange(best.Allocation.Rate / row.Rate, 1 - 1e-6, 1 + 1e-6);
        }
    }

    [Fact]
    public void Should_reach_a_local_optimum_close_to_the_published_one_by_coordinate_descent_from_all_local()
    {
        double[] weights = WpmecParameters.DefaultWeights(10);
        var search = new WpmecSearch(Allocator);
        var ratios = Rows().Take(100).Select(row => search.CoordinateDescent(row.Gains, weights, new bool[10]).Allocation.Rate / row.Rate).ToList();

        // DROO reports coordinate descent close to the optimum; never above it beyond the published rates' error.
        Assert.All(ratios, r => Assert.True(r < 1 + 1e-6, $"ratio {r}"));
        Assert.True(ratios.Average() > 0.99, $"mean ratio {ratios.Average()}");
    }

    [Fact]
    public void Should_give_the_whole_frame_to_power_transfer_when_nobody_offloads()
    {
        double[] gains = [1e-6, 2e-6, 3e-6];
        var allocation = Allocator.Allocate(gains, [false, false, false], [1, 1.5, 1]);
        var p = WpmecParameters.Paper;
        double expected = gains.Zip(new[] { 1, 1.5, 1 }).Sum(x => x.Second * p.Eta1 * Math.Cbrt(x.First / p.EnergyCoefficient));

        Assert.Equal(1, allocation.PowerTransfer);
        Assert.All(allocation.OffloadTimes, t => Assert.Equal(0, t));
        Assert.Equal(expected, allocation.Rate, 9);
    }

    [Fact]
    public void Should_refuse_a_gain_that_is_not_a_positive_number()
    {
        var error = Assert.Throws<ArgumentException>(() => Allocator.Allocate([1e-6, double.NaN], [true, false], [1, 1]));

        Assert.Contains("Device 1: the channel gain must be a finite number > 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_no_time_to_an_offloader_of_weight_zero()
    {
        double[] gains = [1e-6, 2e-6, 3e-6];
        var allocation = Allocator.Allocate(gains, [true, true, false], [0, 1.5, 1]);
        var without = Allocator.Allocate(gains, [false, true, false], [0, 1.5, 1]);

        Assert.Equal(0, allocation.OffloadTimes[0]);
        Assert.True(double.IsFinite(allocation.Rate) && allocation.Rate > 0, $"rate {allocation.Rate}");
        Assert.Equal(without.Rate, allocation.Rate, 9);
    }

    /// <summary>When frame time is worth far more to the local devices, an offloader's slot shrinks to nothing instead of failing.</summary>
    [Fact]
    public void Should_give_no_time_to_an_offloader_whose_slot_is_worth_nothing_beside_the_local_devices()
    {
        var allocator = new WpmecAllocator(WpmecParameters.Paper with { ApPowerW = 1e80 });

        var allocation = allocator.Allocate([1e-6, 2e-6, 1e-6], [false, false, true], [1, 1.5, 1]);

        Assert.True(double.IsFinite(allocation.Rate) && allocation.Rate > 0, $"rate {allocation.Rate}");
        Assert.Equal(0, allocation.OffloadTimes[2]);
        Assert.Equal(1, allocation.PowerTransfer);
    }

    [Fact]
    public void Should_name_the_frame_it_cannot_price()
    {
        var allocator = new WpmecAllocator(WpmecParameters.Paper with { Overhead = 1e100 });

        var error = Assert.Throws<ArgumentException>(() => allocator.Allocate([1e-6, 2e-6], [false, true], [1, 1.5]));

        Assert.Equal("The WPMEC allocation found no price that balances the frame of channel gains [1E-06, 2E-06] in mode 01: its gains, weights or constants are beyond what it can price.", error.Message);
    }

    private sealed record Row(double[] Gains, bool[] Mode, double Rate, double PowerTransfer, double[] OffloadTimes)
    {
        public static Row Parse(string line)
        {
            double[] v = [.. line.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture))];
            return new Row(v[..10], [.. v[11..21].Select(x => x == 1)], v[10], v[21], v[22..32]);
        }
    }
}
