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

    /// <summary>
    /// The acceptance figures of the published protocol on the published data (20,000 steps, the last 20 % scored):
    /// an independent PyTorch implementation of the published algorithm reaches 0.9945 with K = 5 and 0.987 with K = 2.
    /// </summary>
    [Theory]
    [InlineData(5, 0.995)]
    [InlineData(2, 0.985)]
    public void Should_reach_the_published_gain_ratio_when_learning_online_on_the_published_data(int dnns, double atLeast)
    {
        var result = DdloProcess.Run(
            "evaluate", "--scenario", "hocon/scenarios/ddlo-reference.conf", "--dataset", "samples/data/ddlo-mumt-3x3.csv",
            "--policy", "ddlo", "--set", $"learning.dnn-count={dnns}", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4000, result.Json.GetProperty("test_steps").GetInt32());
        double gain = result.Json.GetProperty("test_mean_gain_ratio").GetDouble();
        Assert.True(gain >= atLeast, $"K = {dnns}: test mean gain ratio {gain} < {atLeast}");
        Assert.True(result.Json.GetProperty("steps_per_second").GetDouble() > 0);
    }
}
