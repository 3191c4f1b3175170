using Ddlo.Core.Lyapunov;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Wpmec;

namespace Ddlo.Core.Tests.Systems;

/// <summary>Each built-in model's per-device breakdown of a decision (decisions.csv) is its exact allocation's, device by device.</summary>
public sealed class DeviceBreakdownTests
{
    [Theory]
    [InlineData(BandwidthPolicy.Optimal, "110011011")]
    [InlineData(BandwidthPolicy.Optimal, "000000000")]
    [InlineData(BandwidthPolicy.Equal, "111111111")]
    public void Should_give_each_mumt_device_its_reports_bits_and_share_of_Q_under_the_exact_split(BandwidthPolicy policy, string bits)
    {
        var model = new MecModel(MecParameters.Paper, policy);
        var workload = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);
        var decision = OffloadDecision.Parse(bits, 9);

        var rows = model.Breakdown(workload, decision);

        var columns = model.BreakdownColumns(3);
        Assert.Equal(["d0_mb", "d1_mb", "d2_mb", "x0", "x1", "x2", "bandwidth_mb_per_s", "energy_j", "local_time_s", "upload_time_s", "edge_time_s", "delay_s", "cost_j"], columns);
        var evaluation = model.Evaluate(workload, decision);
        Assert.Equal(3, rows.Length);
        for (int n = 0; n < 3; n++)
        {
            Assert.Equal(columns.Count, rows[n].Length);
            Assert.Equal(workload.Device(n).ToArray(), rows[n][..3]);
            Assert.Equal(decision.Bits.Skip(3 * n).Take(3).Select(x => x ? 1.0 : 0.0), rows[n][3..6]);
            var device = evaluation.Devices[n];
            Assert.Equal([device.Bandwidth, device.Energy, device.LocalTime, device.UploadTime, device.EdgeTime, device.Delay, device.Cost], rows[n][6..]);
        }

        double q = model.Utility(workload, decision);
        Assert.True(Math.Abs(rows.Sum(r => r[^1]) - q) <= 1e-12 * q, $"sum of device costs {rows.Sum(r => r[^1])} vs Q {q}");
    }

    [Fact]
    public void Should_give_each_wpmec_device_its_time_share_and_its_term_of_the_rate()
    {
        var model = new WpmecModel(WpmecParameters.Paper, [1, 1.5, 1]);
        var workload = Workload.Create(3, 1, [2e-6, 5e-7, 3e-6]);
        var decision = OffloadDecision.Parse("101", 3);

        var rows = model.Breakdown(workload, decision);

        Assert.Equal(["h", "x", "weight", "time_share", "power_transfer", "weighted_rate_bps"], model.BreakdownColumns(1));
        var allocation = model.Solve(workload, decision);
        Assert.Equal(workload.Sizes, rows.Select(r => r[0]));
        Assert.Equal([1.0, 0.0, 1.0], rows.Select(r => r[1]));
        Assert.Equal([1, 1.5, 1], rows.Select(r => r[2]));
        Assert.Equal(allocation.OffloadTimes, rows.Select(r => r[3]));
        Assert.All(rows, r => Assert.Equal(allocation.PowerTransfer, r[4]));
        Assert.Equal(0, rows[1][3]);
        Assert.True(rows.All(r => r[5] > 0), "every device computes something");
        double rate = rows.Sum(r => r[5]);
        Assert.True(Math.Abs(rate - allocation.Rate) <= 1e-9 * allocation.Rate, $"sum of device rates {rate} vs the allocation's {allocation.Rate}");
    }

    [Fact]
    public void Should_give_each_lydroo_device_its_queues_and_what_its_share_of_the_frame_serves_and_spends()
    {
        var model = new LydrooModel(LyapunovSettings.Paper(2));
        var workload = Workload.Create(2, 1, [2e-6, 1e-6]).WithContext([6, 4, 1, 0]);
        var decision = OffloadDecision.Parse("10", 2);

        var rows = model.Breakdown(workload, decision);

        Assert.Equal(["h", "x", "data_queue_mbit", "energy_queue", "time_share", "served_mbit", "energy_j"], model.BreakdownColumns(1));
        var allocation = model.Solve(workload, decision);
        Assert.Equal([2e-6, 1, 6, 1, allocation.Times[0], allocation.Bits[0], allocation.Energy[0]], rows[0]);
        Assert.Equal([1e-6, 0, 4, 0, allocation.Times[1], allocation.Bits[1], allocation.Energy[1]], rows[1]);
        Assert.True(allocation.Times[0] > 0 && allocation.Bits.All(b => b > 0), "the offloader transmits and both serve data");
    }
}
