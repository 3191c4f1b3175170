using Ddlo.Core.Data;
using Ddlo.Core.Model;

namespace Ddlo.Cli.Tests.Commands;

public sealed class SolveCommandTests
{
    [Fact]
    public void Should_print_the_recorded_optimum_of_a_reference_row_for_decision_best()
    {
        var row = ReferenceDataset.Load(Path.Combine(AppContext.BaseDirectory, "samples/data/opt-3x3-150mbps.csv"), Ddlo.Core.Model.MecModel.Dataset(3, 3)).Rows[0];

        var result = DdloProcess.Run("solve", "--scenario", "hocon/scenarios/paper-3x3.conf", "--workload", row.Workload.ToString(), "--decision", "best", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        double q = result.Json.GetProperty("q").GetDouble();
        Assert.True(Math.Abs(q - row.OptimalQ) <= 1e-9 * row.OptimalQ, $"q {q} vs q_opt {row.OptimalQ}");
        double[] bandwidth = result.Json.GetProperty("bandwidth").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(3, bandwidth.Length);
        Assert.True(bandwidth.Sum() <= 18.75 + 1e-9);
        Assert.Equal(9, result.Json.GetProperty("decision").GetString()!.Length);
    }

    [Fact]
    public void Should_price_a_given_decision_like_the_model_does()
    {
        var workload = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);
        var decision = OffloadDecision.Parse("110011011", 9);
        var model = new MecModel(MecParameters.Paper with { UplinkMBps = 12.5 }, BandwidthPolicy.Equal);

        var result = DdloProcess.Run("solve", "--scenario", "hocon/scenarios/ddlo-reference.conf", "--workload", "22,25,10,13,13,17,19,29,28", "--decision", "110011011", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(model.Utility(workload, decision), result.Json.GetProperty("q").GetDouble(), 9);
        Assert.All(result.Json.GetProperty("bandwidth").EnumerateArray(), c => Assert.Equal(12.5 / 3, c.GetDouble(), 12));
    }

    [Fact]
    public void Should_show_a_table_with_the_decision_and_Q_by_default()
    {
        var result = DdloProcess.Run("solve", "--workload", "22,25,10,13,13,17,19,29,28");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Decision", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("optimal over 2^9 decisions", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("c MB/s", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_certify_the_dual_decision_with_a_lower_bound_and_a_gap()
    {
        var row = ReferenceDataset.Load(Path.Combine(AppContext.BaseDirectory, "samples/data/opt-3x3-150mbps.csv"), Ddlo.Core.Model.MecModel.Dataset(3, 3)).Rows[5];

        var result = DdloProcess.Run("solve", "--scenario", "hocon/scenarios/paper-3x3.conf", "--workload", row.Workload.ToString(), "--decision", "dual", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        double q = result.Json.GetProperty("q").GetDouble();
        double bound = result.Json.GetProperty("lower_bound").GetDouble();
        double gap = result.Json.GetProperty("gap").GetDouble();
        Assert.True(bound <= row.OptimalQ * (1 + 1e-12), $"bound {bound} > q_opt {row.OptimalQ}");
        Assert.Equal(row.OptimalQ, q, 9);
        Assert.Equal((q - bound) / bound, gap, 12);
    }

    [Fact]
    public void Should_find_the_published_best_mode_and_its_exact_split_for_a_wpmec_row()
    {
        var row = ReferenceDataset.Load(Path.Combine(AppContext.BaseDirectory, "samples/data/droo-wpmec-10-head.csv"), Ddlo.Core.Wpmec.WpmecModel.Dataset(10)).Rows[0];

        var result = DdloProcess.Run("solve", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--workload", row.Workload.ToString(), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(row.OptimalDecision.ToString(), result.Json.GetProperty("decision").GetString());
        double rate = result.Json.GetProperty("rate_bits_per_second").GetDouble();
        Assert.True(Math.Abs(rate - row.OptimalQ) <= 1e-6 * row.OptimalQ, $"rate {rate} vs q_opt {row.OptimalQ}");
        double frame = result.Json.GetProperty("power_transfer").GetDouble() + result.Json.GetProperty("offload_times").EnumerateArray().Sum(t => t.GetDouble());
        Assert.Equal(1.0, frame, 12);
    }

    [Theory]
    [InlineData("1e-6,2e-6", "--workload: this scenario has 10 channel gains per slot (N = 10), got 2.")]
    [InlineData("1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,2e-6,1e-6,0", "--workload: Device 9's channel gain must be a number within [1E-100, 1E+100], got 0.")]
    public void Should_refuse_bad_channel_gains_in_one_line(string gains, string message)
    {
        var result = DdloProcess.Run("solve", "--scenario", "hocon/scenarios/droo-wpmec-10.conf", "--workload", gains);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
