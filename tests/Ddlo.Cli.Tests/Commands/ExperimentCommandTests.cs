using System.Globalization;

namespace Ddlo.Cli.Tests.Commands;

public sealed class ExperimentCommandTests : IDisposable
{
    private static readonly string[] Experiments =
    [
        "fig09-dnn-count", "fig10-learning-rate", "fig11-memory-size", "fig12-alpha", "fig13-beta",
        "fig14-16-inference-time", "fig15-training-time", "platforms",
    ];

    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-exp-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_run_every_experiment_of_the_paper_in_the_quick_profile_and_judge_every_claim()
    {
        var result = DdloProcess.Run("experiment", "--file", "hocon/experiments/paper.conf", "--quick", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string name in Experiments)
        {
            string folder = Path.Combine(output, name);
            byte[] png = File.ReadAllBytes(Path.Combine(folder, name + ".png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.True(png.Length > 10_000, $"{name}.png is only {png.Length} bytes");
            string[] csv = File.ReadAllLines(Path.Combine(folder, name + ".csv"));
            Assert.True(csv.Length > 1, $"{name}.csv has no rows");
            string report = File.ReadAllText(Path.Combine(folder, "report.md"));
            Assert.Contains($"./run.sh experiment --file hocon/experiments/{name}.conf --quick", report, StringComparison.Ordinal);
            Assert.Contains("## Published claims", report, StringComparison.Ordinal);
        }

        var claims = result.Json.GetProperty("claims").EnumerateArray().ToList();
        Assert.True(claims.Count >= 14, $"only {claims.Count} claims judged");
        Assert.All(claims, c => Assert.Contains(c.GetProperty("verdict").GetString(), new[] { "reproduced", "not reproduced", "not comparable" }));
        Assert.All(Experiments.Take(5).Append("fig14-16-inference-time"), name => Assert.Contains(claims, c => c.GetProperty("experiment").GetString() == name));
        string suite = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("With 5 DNNs the gain ratio reaches 0.98 within 1,000 learning steps", suite, StringComparison.Ordinal);
        Assert.Contains("0.1 / 0.3 / 0.5 s", suite, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_platforms_experiment_without_a_single_node_baseline_before_running_anything()
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, "no-single.conf");
        File.WriteAllText(file, """
            experiment {
              kind = platforms
              sweep { key = learning.dnn-count, values = [2] }
              repetitions = 1
              steps = 200
              platforms = [cluster-1]
            }
            """);
        string results = Path.Combine(output, "results");

        var result = DdloProcess.Run("experiment", "--file", file, "--out", results, "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{file}: experiment.platforms: a platforms experiment compares every platform with one node", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(results), "a refused experiment must not leave a results folder");
    }

    [Fact]
    public void Should_write_one_row_per_value_seed_and_sampled_step_for_a_convergence_sweep()
    {
        var result = DdloProcess.Run("experiment", "--scenario", "hocon/experiments/fig09-dnn-count.conf", "--quick", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "fig09-dnn-count.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(["1", "5"], rows.Select(r => r[0]).Distinct());
        Assert.All(rows, r => Assert.InRange(double.Parse(r[4], CultureInfo.InvariantCulture), 0.3, 1.0 + 1e-9));
        // K = 1 imitates itself and K = 5 learns: the final gain ratios must say so.
        double Final(string k) => double.Parse(rows.First(r => r[0] == k)[5], CultureInfo.InvariantCulture);
        Assert.True(Final("5") > Final("1"), $"K = 5 ends at {Final("5")}, K = 1 at {Final("1")}");
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "experiment { kind = convergence, sweep { key = learning.dnn-count, values = [1] }\n repetitions = 1\n steps = 10\n colour = red }", "experiment.colour: unknown key" },
        { "experiment { kind = bake, sweep { key = learning.dnn-count, values = [1] }\n repetitions = 1\n steps = 10 }", "experiment.kind: expected one of convergence | energy | timing | platforms | scale | droo | lydroo | sweep | map, got 'bake'" },
        { "experiment { kind = convergence, sweep { key = learning.dnn-cuont, values = [1] }\n repetitions = 1\n steps = 10 }", "experiment.sweep.key: 'ddlo.learning.dnn-cuont' is not a ddlo setting" },
        { "experiment { kind = convergence, sweep { key = learning.dnn-count, values = [0] }\n repetitions = 1\n steps = 10 }", "ddlo.learning.dnn-count = 0: --set ddlo.learning.dnn-count=0: ddlo.learning.dnn-count: expected a whole number in [1, 1024], got '0'" },
        { "experiment { kind = convergence, sweep { key = learning.dnn-count, values = [1] }\n repetitions = 0\n steps = 10 }", "experiment.repetitions: expected a whole number in [1, 1000], got '0'" },
        { "experiment { kind = convergence sweep {", "not valid HOCON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Should_refuse_a_bad_experiment_file_in_one_line(string text, string message)
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, "bad.conf");
        File.WriteAllText(file, text);

        var result = DdloProcess.Run("experiment", "--scenario", file, "--out", Path.Combine(output, "results"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"ddlo: error: {file}: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(output, "results")), "a refused experiment leaves no results folder");
    }
}
