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
    /// K = 5 is held to that reference: its fourth digit is the kernels' (0.9950 portable, 0.9953 native on AVX-512).
    /// </summary>
    [Theory]
    [InlineData(5, 0.9945)]
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

    private const string Droo = "hocon/scenarios/droo-wpmec-10.conf";

    /// <summary>
    /// DROO's protocol on the authors' whole data set (30,000 frames, the last 6,000 tested): the authors' shipped
    /// history reaches a test mean of 0.9972.
    /// </summary>
    [Fact]
    public void Should_reach_droos_published_normalised_rate_on_the_authors_data()
    {
        var result = DdloProcess.Run("evaluate", "--scenario", Droo, "--dataset", "samples/data/droo-wpmec-10.csv.gz", "--policy", "ddlo", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("wpmec", result.Json.GetProperty("model").GetString());
        Assert.Equal(30_000, result.Json.GetProperty("rows").GetInt32());
        Assert.Equal(6000, result.Json.GetProperty("test_steps").GetInt32());
        double gain = result.Json.GetProperty("test_mean_gain_ratio").GetDouble();
        Assert.True(gain >= 0.995, $"test mean normalised rate {gain} < 0.995");
        var policies = result.Json.GetProperty("policies");
        Assert.True(policies.GetProperty("edge").GetProperty("mean_gain_ratio").GetDouble() < gain);
        Assert.True(policies.GetProperty("local").GetProperty("mean_gain_ratio").GetDouble() < gain);
    }

    [Theory]
    [InlineData("exhaustive", 0.999999, 1.000001)]
    [InlineData("coordinate-descent", 0.95, 1.000001)]
    [InlineData("edge", 0.5, 0.99)]
    [InlineData("local", 0.1, 0.5)]
    public void Should_score_wpmec_baselines_on_the_authors_data(string policy, double low, double high)
    {
        var result = DdloProcess.Run("evaluate", "--scenario", Droo, "--dataset", "samples/data/droo-wpmec-10-head.csv", "--policy", policy, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.InRange(result.Json.GetProperty("mean_gain_ratio").GetDouble(), low, high);
        // Gain ratios above 1 within the file's own imprecision (about 1e-6) are not reported as beating its optimum.
        Assert.Equal(0, result.Json.GetProperty("rows_above_optimum").GetInt32());
    }

    [Theory]
    [InlineData("samples/data/droo-wpmec-10-head.csv", null, "this is a WPMEC data set (channel gains h0..), but the scenario models mumt")]
    [InlineData("samples/data/ddlo-mumt-3x3.csv", Droo, "this is an MUMT data set (task sizes d0..), but the scenario models wpmec")]
    public void Should_refuse_a_data_set_of_the_other_model_in_one_line(string dataset, string? scenario, string message)
    {
        string[] args = scenario is null ? ["evaluate", "--dataset", dataset] : ["evaluate", "--scenario", scenario, "--dataset", dataset];
        var result = DdloProcess.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Should_refuse_a_baseline_of_the_other_model()
    {
        var result = DdloProcess.Run("evaluate", "--scenario", Droo, "--dataset", "samples/data/droo-wpmec-10-head.csv", "--policy", "dual");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--policy: unknown policy 'dual' for the wpmec model; expected one of: ddlo, exhaustive, coordinate-descent, local, edge, random, onnx, remote", result.Stderr, StringComparison.Ordinal);
    }
}
