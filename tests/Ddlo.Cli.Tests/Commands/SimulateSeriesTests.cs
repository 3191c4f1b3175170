using System.Globalization;

namespace Ddlo.Cli.Tests.Commands;

/// <summary><c>simulate --seeds</c> and <c>--policy a,b</c>: a series of real runs, each a results folder, and one table over the seeds.</summary>
public sealed class SimulateSeriesTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-series-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_run_every_policy_on_every_seed_on_the_same_workloads_and_report_the_interval_over_the_seeds()
    {
        var result = DdloProcess.Run("simulate", "--steps", "300", "--seeds", "1-3", "--policy", "ddlo,edge", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["ddlo-seed-1", "ddlo-seed-2", "ddlo-seed-3", "edge-seed-1", "edge-seed-2", "edge-seed-3"],
            Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetDirectories(output), run => Assert.Equal(301, File.ReadAllLines(Path.Combine(run, "steps.csv")).Length));

        // The edge-only policy's own run of a seed costs what the learner's run of that seed scored for edge-only: the same workloads.
        var rows = File.ReadAllLines(Path.Combine(output, "runs.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (string seed in new[] { "1", "2", "3" })
        {
            double Value(string run, string policy) => double.Parse(rows.Single(r => r[0] == run && r[1] == seed && r[2] == policy)[3], CultureInfo.InvariantCulture);
            // Priced by the solver in one run and by the scoring in the other: equal but for the last bits.
            Assert.Equal(Value("ddlo", "edge"), Value("edge", "edge"), 1e-9 * Value("edge", "edge"));
        }

        var policies = result.Json.GetProperty("policies").EnumerateArray().ToDictionary(p => p.GetProperty("policy").GetString()!);
        Assert.Equal(["ddlo", "edge", "local", "optimum"], policies.Keys.Order(StringComparer.Ordinal));
        var gain = policies["ddlo"].GetProperty("gain_ratio");
        double[] gains = [.. rows.Where(r => r[0] == "ddlo" && r[2] == "ddlo").Select(r => double.Parse(r[4], CultureInfo.InvariantCulture))];
        Assert.Equal(gains.Average(), gain.GetProperty("mean").GetDouble(), 12);
        // A 95 % interval over three seeds: the mean ± t(0.975, 2) s / sqrt(3), t = 4.3027.
        double s = Math.Sqrt(gains.Sum(g => (g - gains.Average()) * (g - gains.Average())) / 2);
        Assert.Equal(gains.Average() - (4.302653 * s / Math.Sqrt(3)), gain.GetProperty("ci95_low").GetDouble(), 5);
        Assert.True(policies["optimum"].GetProperty("gain_ratio").GetProperty("mean").GetDouble() > 0.999999);

        // The same series again into that folder: refused as earlier work, then written over with --force.
        string[] again = ["simulate", "--steps", "300", "--seeds", "1-3", "--policy", "ddlo,edge", "--out", output];
        Assert.Equal(2, DdloProcess.Run(again).ExitCode);
        var forced = DdloProcess.Run([.. again, "--force", "--json"]);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(File.ReadAllLines(Path.Combine(output, "runs.csv")).Length, rows.Count + 1);
    }

    [Theory]
    [InlineData("--seeds", "3-1", "--seeds: expected a range such as 1-5 or a list such as 1,3,7 of seeds (whole numbers >= 0, at most 1,000 of them), got '3-1'.")]
    [InlineData("--seeds", "1,2,1", "--seeds: seed 1 is listed twice.")]
    [InlineData("--policy", "ddlo,,edge", "--policy: a list names each policy once, with no empty entry; got 'ddlo,,edge'.")]
    [InlineData("--policy", "ddlo,clever", "--policy: ddlo.run.policy:")]
    public void Should_refuse_a_bad_series_in_one_line_before_any_run(string option, string value, string problem)
    {
        var result = DdloProcess.Run("simulate", "--steps", "100", option, value, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(problem, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateDirectories(output).Any(), "a run started");
    }
}
