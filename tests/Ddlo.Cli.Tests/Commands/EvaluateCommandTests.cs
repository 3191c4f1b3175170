namespace Ddlo.Cli.Tests.Commands;

public sealed class EvaluateCommandTests
{
    [Theory]
    [InlineData("hocon/scenarios/ddlo-reference.conf", "samples/data/ddlo-mumt-3x3.csv", 20_000)]
    [InlineData("hocon/scenarios/paper-3x3.conf", "samples/data/opt-3x3-150mbps.csv", 1_000)]
    public void Should_reproduce_every_recorded_optimum_with_exhaustive_search(string scenario, string dataset, int rows)
    {
        var result = DdloProcess.Run("evaluate", "--scenario", scenario, "--dataset", dataset, "--policy", "exhaustive", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("exhaustive", result.Json.GetProperty("policy").GetString());
        Assert.Equal(rows, result.Json.GetProperty("rows").GetInt32());
        Assert.True(result.Json.GetProperty("max_rel_error").GetDouble() <= 1e-9, result.Stdout);
        Assert.Equal(1.0, result.Json.GetProperty("mean_gain_ratio").GetDouble(), 9);
    }

    [Theory]
    [InlineData("local")]
    [InlineData("edge")]
    [InlineData("random")]
    public void Should_score_baselines_below_the_optimum(string policy)
    {
        var result = DdloProcess.Run("evaluate", "--scenario", "hocon/scenarios/paper-3x3.conf", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--policy", policy, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        double gain = result.Json.GetProperty("mean_gain_ratio").GetDouble();
        Assert.InRange(gain, 0.3, 0.99);
    }
}
