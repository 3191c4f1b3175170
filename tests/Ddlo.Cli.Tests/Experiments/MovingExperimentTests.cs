using System.Globalization;

namespace Ddlo.Cli.Tests.Experiments;

/// <summary>hocon/experiments/moving.conf in its quick profile: the learner against device speed, beside the baselines.</summary>
public sealed class MovingExperimentTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-moving-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_put_the_learner_beside_coordinate_descent_edge_and_local_at_each_speed_against_the_certified_optimum()
    {
        var result = DdloProcess.Run("experiment", "--file", "hocon/experiments/moving.conf", "--quick", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "moving.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(2 * 4, rows.Count);
        Assert.All(rows, row => Assert.Equal("dual", row[6]));
        foreach (string speed in new[] { "1", "30" })
        {
            double Gain(string policy) => double.Parse(rows.Single(r => r[0] == speed && r[3] == policy)[5], CultureInfo.InvariantCulture);
            // The dual's decision is within its certified gap of the optimum, so the search may beat it by as much.
            Assert.InRange(Gain("coordinate-descent"), 0.999, 1 + 1e-4);
            Assert.True(Gain("ddlo") > Gain("edge"), $"at {speed} m/s the learner ({Gain("ddlo")}) is not above edge-only ({Gain("edge")})");
            Assert.True(Gain("edge") > Gain("local"), $"at {speed} m/s edge-only is not above local-only");
        }

        // The swept speed reached the runs: the devices were elsewhere, so edge-only cost otherwise.
        double EdgeValue(string speed) => double.Parse(rows.Single(r => r[0] == speed && r[3] == "edge")[4], CultureInfo.InvariantCulture);
        Assert.NotEqual(EdgeValue("1"), EdgeValue("30"));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }
}
