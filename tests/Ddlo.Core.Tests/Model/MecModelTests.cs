using Ddlo.Core.Model;

namespace Ddlo.Core.Tests.Model;

public sealed class MecModelTests
{
    private const double Bits = 8.0 * 1024 * 1024;

    [Fact]
    public void Should_compute_Q_term_by_term_for_one_device()
    {
        var model = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);
        var workload = Workload.Create(1, 2, [10, 20]);
        var decision = OffloadDecision.Parse("01", 2);

        // Task 0 runs locally (L = 39.8 s) while task 1 uploads and runs at the edge (S = 31.9 s). L > S, so the
        // device needs only c0 = D / (L - S) MB/s of the 18.75 to finish its upload when its local task ends.
        double energy = (10 * Bits * 3.25e-7) + (20 * Bits * (1.42e-7 + 1.5e-7));
        double local = 10 * Bits * 4.75e-7;
        double edge = 20 * Bits * 1900 / 10e9;
        var evaluation = model.Evaluate(workload, decision);

        Assert.Equal(energy + local, evaluation.Q, 9);
        var device = Assert.Single(evaluation.Devices);
        Assert.Equal(energy, device.Energy, 9);
        Assert.Equal(local, device.LocalTime, 12);
        Assert.Equal(edge, device.EdgeTime, 12);
        Assert.Equal(20 / (local - edge), device.Bandwidth, 12);
        Assert.Equal(local - edge, device.UploadTime, 9);
        Assert.Equal(local, device.Delay, 12);
        Assert.Equal(evaluation.Q, device.Cost, 12);
    }

    [Fact]
    public void Should_charge_only_local_delay_when_nothing_is_offloaded()
    {
        var model = new MecModel(MecParameters.Paper, BandwidthPolicy.Equal);
        var workload = Workload.Create(2, 2, [10, 20, 30, 5]);
        var evaluation = model.Evaluate(workload, OffloadDecision.Uniform(4, offload: false));

        double expected = (65 * Bits * 3.25e-7) + (30 * Bits * 4.75e-7) + (35 * Bits * 4.75e-7);
        Assert.Equal(expected, evaluation.Q, 9);
        Assert.All(evaluation.Devices, d => Assert.Equal(0, d.UploadTime));
    }

    [Fact]
    public void Should_price_every_recorded_optimum_of_the_published_data_set_at_its_q_opt()
    {
        var model = TestData.DdloReferenceModel;
        double worst = TestData.DdloReference.Rows.Max(row =>
            Math.Abs(model.Utility(row.Workload, row.OptimalDecision) - row.OptimalQ) / row.OptimalQ);

        Assert.True(worst <= 1e-12, $"largest relative difference {worst}");
    }

    [Fact]
    public void Should_price_every_recorded_optimum_of_the_150_mbps_data_set_at_its_q_opt()
    {
        var model = TestData.PaperModel;
        double worst = TestData.Optimal150.Rows.Max(row =>
            Math.Abs(model.Utility(row.Workload, row.OptimalDecision) - row.OptimalQ) / row.OptimalQ);

        Assert.True(worst <= 1e-12, $"largest relative difference {worst}");
    }

    [Fact]
    public void Should_never_cost_more_with_the_optimal_split_than_with_the_equal_split()
    {
        var optimal = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);
        var equal = new MecModel(MecParameters.Paper, BandwidthPolicy.Equal);
        var random = new Random(3);
        for (int i = 0; i < 500; i++)
        {
            var workload = Workload.Create(3, 3, Enumerable.Range(0, 9).Select(_ => (double)random.Next(10, 31)));
            var decision = OffloadDecision.FromMask((ulong)random.Next(512), 9);
            Assert.True(optimal.Utility(workload, decision) <= equal.Utility(workload, decision) + 1e-9);
        }
    }

    [Fact]
    public void Should_refuse_a_decision_of_the_wrong_length()
    {
        var model = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);
        var error = Assert.Throws<ArgumentException>(() =>
            model.Utility(Workload.Create(1, 3, [1, 2, 3]), OffloadDecision.Parse("01", 2)));

        Assert.Contains("2 bits", error.Message, StringComparison.Ordinal);
        Assert.Contains("N*M = 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "UplinkMBps")]
    [InlineData(-5, "UplinkMBps")]
    [InlineData(double.NaN, "UplinkMBps")]
    public void Should_refuse_a_non_positive_uplink(double capacity, string name)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new MecModel(MecParameters.Paper with { UplinkMBps = capacity }, BandwidthPolicy.Optimal));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_negative_alpha()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new MecModel(MecParameters.Paper with { Alpha = -1e-7 }, BandwidthPolicy.Optimal));

        Assert.Contains("Alpha", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e308, "Task size d1 (device 0, task 1) must be 0 or a number of MB within [1E-100, 1E+100], got 1E+308.")]
    [InlineData(1e101, "got 1E+101.")]
    [InlineData(1e-200, "got 1E-200.")]
    public void Should_refuse_a_task_size_the_cost_cannot_hold(double size, string message)
    {
        var model = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);

        var error = Assert.Throws<ArgumentException>(() => model.CheckReports(Workload.Create(1, 3, [10, size, 0])));

        Assert.EndsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_task_sizes_of_zero_and_at_the_bound()
    {
        var model = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);
        var reports = Workload.Create(1, 3, [0, 1e100, 1e-100]);

        model.CheckReports(reports);

        Assert.True(double.IsFinite(model.Utility(reports, OffloadDecision.Parse("010", 3))));
    }
}
