using System.Globalization;
using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments.Tests;

public sealed class ScaleExperimentTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-scale-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Should_score_every_design_and_baseline_at_every_size_against_the_optimum_and_report_each_ones_latency()
    {
        var suite = ExperimentFile.Load("hocon/experiments/scale.conf", quick: true);
        var result = Assert.Single(await new ExperimentRunner().RunAsync(suite, output, "scale.conf --quick"));

        var plan = suite.Plans.Single();
        var rows = File.ReadAllLines(Path.Combine(output, "scale.csv")).Skip(1).Select(Fields).ToList();
        string[] series =
        [
            .. plan.Designs.Select(d => d.Name), ScaleExperiment.NetworkAlone("per-device + search"), ScaleExperiment.ItsSearch("per-device taught by search"),
            "dual (exact, as a policy)", "coordinate descent (search alone, from all-local)", "edge only", "local only",
        ];
        // Off the decision path, a teaching search's decisions have no decision latency.
        string[] timed = [.. series.Where(n => n is not ("edge only" or "local only") && n != ScaleExperiment.ItsSearch("per-device taught by search"))];
        foreach (string devices in plan.Values)
        {
            foreach (string name in series)
            {
                var row = Assert.Single(rows, r => r[0] == devices && r[1] == name);
                double gain = double.Parse(row[5], CultureInfo.InvariantCulture);
                Assert.InRange(gain, 0.5, 1 + 1e-9);
                // Exhaustive search while N*M <= 16, the certified dual beyond.
                Assert.Equal(devices == "3" ? "exhaustive" : "dual", row[9]);
            }

            double Column(string name, int column) => double.Parse(rows.Single(r => r[0] == devices && r[1] == name)[column], CultureInfo.InvariantCulture);
            double Gain(string name) => Column(name, 5);
            double Priced(string name) => Column(name, 7);
            // Search decides from the networks' best candidate and keeps it unless it finds better; taught, it starts
            // from the decision and keeps it unless it finds better.
            Assert.True(Gain("per-device + search") >= Gain(ScaleExperiment.NetworkAlone("per-device + search")) - 1e-12);
            Assert.True(Gain(ScaleExperiment.ItsSearch("per-device taught by search")) >= Gain("per-device taught by search") - 1e-12);
            Assert.True(Gain("edge only") < 1, "offloading everything is not optimal on this system");
            Assert.All(timed, name => Assert.True(Column(name, 6) > 0, $"{name} has no latency"));
            Assert.Equal(string.Empty, rows.Single(r => r[0] == devices && r[1] == ScaleExperiment.ItsSearch("per-device taught by search"))[6]);
            // The work behind each figure: a search prices more than the candidates it starts from; edge and local price one.
            Assert.True(Priced("per-device + search") > Priced(ScaleExperiment.NetworkAlone("per-device + search")));
            Assert.True(Priced(ScaleExperiment.ItsSearch("per-device taught by search")) > Priced("per-device taught by search"));
            Assert.True(Priced("coordinate descent (search alone, from all-local)") > int.Parse(devices, CultureInfo.InvariantCulture));
            Assert.Equal([1.0, 1.0], new[] { Priced("edge only"), Priced("local only") });
        }

        foreach (string figure in new[] { "scale.png", "scale-convergence-n10.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, figure));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }

        var curve = File.ReadAllLines(Path.Combine(output, "scale-convergence-n10.csv"));
        Assert.Contains(curve, line => line.StartsWith("per-device + search (network alone),1,1,1200,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r[1] == "dual (exact, as a policy)");
        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("## Targets", report, StringComparison.Ordinal);
        Assert.Contains("1,200 learning steps per run", report, StringComparison.Ordinal);
        // One claim per design, and one per network that decides alone (the searching design's, the taught design's).
        Assert.Equal(plan.Designs.Length + 2, result.Claims.Length);
        Assert.All(result.Claims, c => Assert.Contains(c.Verdict, new[] { "met", "missed", "not comparable" }));
        // The claims are a pure function of the typed results: judged again from them alone, they are the same.
        var measured = Assert.IsType<ScaleResults>(result.Measurements);
        Assert.Equal(rows.Count, measured.Points.Length);
        Assert.Equal(result.Claims, new ScaleExperiment().Claims(plan, measured));
    }

    [Fact]
    public void Should_grow_the_per_device_keys_with_the_number_of_devices_and_take_steps_per_size()
    {
        string file = Write("""
            experiment {
              kind = scale
              sweep { key = system.devices, values = [3, 30] }
              per-device { ddlo.system.uplink-mbps = 50 }
              steps = [700, 300]
              repetitions = 1
              designs { "a" = [], "b" = ["ddlo.learning.architecture=per-device"] }
            }
            """);

        var plan = ExperimentFile.Load(file, quick: false).Plans.Single();
        var scenario = Scenario.Load(null, plan.LearningRunOverrides("30", 1, [.. plan.Designs[1].Overrides]));

        Assert.Equal(1500, scenario.Settings.System.Settings<Ddlo.Actors.Systems.Mumt.MumtSettings>().UplinkMbps);
        Assert.Equal(300, scenario.Settings.Run.Steps);
        Assert.Equal(700, plan.StepsFor("3"));
        Assert.Equal(["a", "b"], plan.Designs.Select(d => d.Name));
    }

    [Theory]
    [InlineData("kind = scale\n sweep { key = learning.dnn-count, values = [1] }\n designs { a = [] }", "experiment.sweep.key: a scale experiment sweeps the number of devices")]
    [InlineData("kind = scale\n sweep { key = system.devices, values = [3] }", "experiment.designs: a scale experiment compares learner designs")]
    [InlineData("kind = convergence\n sweep { key = learning.dnn-count, values = [1] }\n designs { a = [] }", "experiment.designs: only a scale experiment")]
    [InlineData("kind = scale\n sweep { key = system.devices, values = [3, 10] }\n designs { a = [] }\n steps = [100]", "experiment.steps: a list of steps needs one entry per swept value (2), got 1")]
    [InlineData("kind = scale\n sweep { key = system.devices, values = [3] }\n designs { a = [] }\n per-device { system.uplink = 5 }", "experiment.per-device.system.uplink: 'ddlo.system.uplink' is not a ddlo setting")]
    [InlineData("kind = scale\n sweep { key = system.devices, values = [3] }\n designs { a = [] }\n per-device { system.uplink-mbps = -5 }", "experiment.per-device.system.uplink-mbps: expected a positive number, got '-5'")]
    [InlineData("kind = scale\n sweep { key = system.devices, values = [3] }\n designs { a = [\"learning.quantiser=best\"] }", "design 'a'")]
    [InlineData("kind = scale\n sweep { key = system.devices, values = [3] }\n designs { a = [], b = [\"run.numerics=native\"] }", "ddlo.run.numerics: the runs of one experiment share one process, which runs one numerics mode")]
    public void Should_refuse_a_bad_scale_experiment_naming_the_key(string body, string problem)
    {
        string file = Write($"experiment {{\n {body}\n repetitions = 1\n {(body.Contains("steps", StringComparison.Ordinal) ? string.Empty : "steps = 100")}\n}}");

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(file, quick: false));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A CSV line's fields; a field in quotes may hold commas (the series "dual (exact, as a policy)").</summary>
    private static string[] Fields(string line) =>
        [.. System.Text.RegularExpressions.Regex.Matches(line, "(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)").Select(m => m.Groups[1].Value.Trim('"').Replace("\"\"", "\"", StringComparison.Ordinal))];

    private string Write(string text)
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, text);
        return file;
    }
}
