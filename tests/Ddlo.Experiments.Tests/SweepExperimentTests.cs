using System.Buffers.Binary;
using System.Globalization;
using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments.Tests;

public sealed class SweepExperimentTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-sweep-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_cross_a_numeric_and_a_word_key_into_a_csv_with_a_column_per_key_figures_and_a_report_without_claims()
    {
        string file = Write("grid.conf", """
            experiment {
              title = "Uplink against architecture"
              kind = sweep
              sweep { key = system.uplink-mbps, values = [50, 150] }
              grid { learning.architecture = [full, per-device] }
              policies = [ddlo, edge, exhaustive]
              repetitions = 1
              steps = 200
              figures { width = 600, height = 400, titles = off }
            }
            """);
        var suite = ExperimentFile.Load(file, quick: false);
        string output = Path.Combine(directory, "out");

        var result = Assert.Single(await new ExperimentRunner().RunAsync(suite, output, "grid.conf"));

        var lines = File.ReadAllLines(result.Csv);
        Assert.Equal("ddlo.system.uplink-mbps,ddlo.learning.architecture,repetition,seed,policy,mean_value,gain_ratio,optimum", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        // 2 uplinks x 2 architectures x 3 policies, each policy's figure from the same workloads.
        Assert.Equal(12, rows.Count);
        foreach (string uplink in new[] { "50", "150" })
        {
            foreach (string architecture in new[] { "full", "per-device" })
            {
                double Value(string policy) => double.Parse(rows.Single(r => r[0] == uplink && r[1] == architecture && r[4] == policy)[5], CultureInfo.InvariantCulture);
                Assert.True(Value("ddlo") >= Value("exhaustive") - 1e-9 && Value("edge") >= Value("exhaustive") - 1e-9, $"below the optimum at {uplink}, {architecture}");
            }
        }

        var measured = Assert.IsType<SweepResults>(result.Measurements);
        Assert.Equal(["ddlo.system.uplink-mbps", "ddlo.learning.architecture"], measured.Keys.ToArray());
        Assert.Equal(rows.Count, measured.Rows.Length);
        Assert.Empty(result.Claims);
        foreach (string figure in new[] { result.Figure, Path.Combine(output, "grid-gain.png") })
        {
            byte[] png = File.ReadAllBytes(figure);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            // Two panels of 0.56 of the 600-pixel width, and the legend beside them; 0.82 of the 400-pixel height.
            Assert.Equal((852, 328), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
            string svg = File.ReadAllText(Path.ChangeExtension(figure, ".svg"));
            Assert.Contains("learning.architecture = per-device", svg, StringComparison.Ordinal);
            Assert.DoesNotContain("Uplink against architecture", svg, StringComparison.Ordinal);
        }

        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("crossed with `ddlo.learning.architecture` (2 points", report, StringComparison.Ordinal);
        Assert.Contains("No published claim or target of ours applies to this experiment", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_lists_as_values_and_zip_the_grid_with_the_sweep()
    {
        string file = Write("zip.conf", """
            experiment {
              kind = sweep
              sweep { key = learning.architecture, values = [full, per-device] }
              grid { learning.hidden-layers = [[120, 80], [64]] }
              combine = zip
              policies = [ddlo]
              repetitions = 1
              steps = 100
            }
            """);

        var plan = ExperimentFile.Load(file, quick: false).Plans.Single();

        Assert.True(plan.ZipDesigns);
        Assert.Equal(["ddlo.learning.hidden-layers=[120, 80]", "ddlo.learning.hidden-layers=[64]"], plan.Designs.Select(d => Assert.Single(d.Overrides)));
        Assert.Equal(2, new SweepExperiment().RunCount(plan));
        var second = Scenario.Load(plan.BaseScenario, plan.LearningRunOverrides(plan.Values[1], 1, [.. plan.Designs[1].Overrides]));
        Assert.Equal([64], second.Settings.Learning.HiddenLayers.ToArray());
    }

    /// <summary>A device class's keys (a block the MUMT model names itself) can be swept like any other setting.</summary>
    [Fact]
    public void Should_sweep_a_device_class_key_into_each_runs_scenario()
    {
        string file = Write("classes.conf", """
            experiment {
              kind = sweep
              set = ["ddlo.device-classes.phone.share=0.5", "ddlo.device-classes.sensor.share=0.5"]
              sweep { key = device-classes.sensor.local-time-per-bit, values = [9.5e-7, 1.9e-6] }
              policies = [exhaustive]
              repetitions = 1
              steps = 100
            }
            """);

        var plan = ExperimentFile.Load(file, quick: false).Plans.Single();

        Assert.Equal("ddlo.device-classes.sensor.local-time-per-bit", plan.SweepKey);
        var second = Scenario.Load(plan.BaseScenario, plan.RunOverrides(plan.Values[1], 1));
        var sensor = second.Settings.System.Settings<Ddlo.Actors.Systems.Mumt.MumtSettings>().Classes.Single(c => c.Name == "sensor");
        Assert.Equal(1.9e-6, sensor.LocalTimePerBit);
    }

    [Theory]
    [InlineData("sweep { key = system.uplink-mbps, values = [50] }\n grid { learning.architecture = [full, full] }", "experiment.grid.learning.architecture: the value full is listed twice")]
    [InlineData("sweep { key = system.uplink-mbps, values = [50, 100] }\n grid { learning.dnn-count = [1, 2, 3] }\n combine = zip", "experiment.grid.ddlo.learning.dnn-count: combine = zip takes the lists together: 2 values like sweep.values, got 3")]
    [InlineData("sweep { key = system.uplink-mbps, values = [50] }\n grid { learning.nonsense = [1] }", "experiment.grid.learning.nonsense: 'ddlo.learning.nonsense' is not a ddlo setting")]
    [InlineData("sweep { key = system.uplink-mbps, values = [50] }\n grid { system.uplink-mbps = [1] }", "the sweep's own key")]
    [InlineData("sweep { key = system.uplink-mbps, values = [50] }\n combine = mixed", "experiment.combine: expected grid (every combination) or zip")]
    [InlineData("sweep { key = system.uplink-mbps, values = [50, 100] }\n combine = zip", "experiment.combine: combine = zip takes the grid's lists together with sweep.values, but there is no grid")]
    public void Should_refuse_a_bad_sweep_naming_the_key(string body, string problem)
    {
        string file = Write("bad.conf", $"experiment {{\n kind = sweep\n {body}\n policies = [ddlo]\n repetitions = 1\n steps = 100\n}}");

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(file, quick: false));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_send_an_energy_experiment_over_words_to_the_sweep_kind()
    {
        string file = Write("energy.conf", "experiment {\n kind = energy\n sweep { key = learning.architecture, values = [full, per-device] }\n policies = [ddlo]\n repetitions = 1\n steps = 100\n}");

        var error = Assert.Throws<ScenarioException>(() => ExperimentFile.Load(file, quick: false));

        Assert.Contains("experiment.sweep.values: an energy experiment sweeps a number, got 'full'; to sweep any other value (words, lists) use kind = sweep", error.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
