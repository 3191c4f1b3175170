using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems.Lydroo;

namespace Ddlo.Actors.Tests.Configuration;

/// <summary>
/// Every path a scenario depends on is made absolute as it loads, relative to the file that named it (or the working
/// directory for --set), so the settings a run saves find their files from anywhere.
/// </summary>
public sealed class ScenarioPathsSpecs : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo paths ").FullName;

    public ScenarioPathsSpecs()
    {
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        File.WriteAllText(Path.Combine(directory, "data", "arrivals.csv"), "frame,device,bits\n0,0,1\n0,1,2\n1,0,3\n1,1,1\n");
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Trace => Path.Combine(directory, "data", "arrivals.csv");

    private string Write(string name, string text)
    {
        string file = Path.Combine(directory, name);
        File.WriteAllText(file, text);
        return file;
    }

    [Fact]
    public void Should_resolve_every_declared_path_against_the_scenario_file_that_names_it_and_save_it_absolute()
    {
        string file = Write("trace.conf", """
            ddlo {
              system { model = lydroo, devices = 2 }
              arrivals { process = trace, trace = "data/arrivals.csv" }
              onnx { models = ["models/a b.onnx", "/abs/c.onnx"] }
            }
            """);

        var scenario = Scenario.Load(file);

        Assert.Equal(Trace, ((LydrooSettings)scenario.Settings.System.Configured).Arrivals.Trace);
        Assert.Equal<string>([Path.Combine(directory, "models", "a b.onnx"), "/abs/c.onnx"], scenario.Settings.OnnxModels);
        var saved = Scenario.FromText(scenario.SettingsHocon, "elsewhere");
        Assert.Equal(Trace, saved.Config.GetString("ddlo.arrivals.trace"));
        Assert.Equal<string>([Path.Combine(directory, "models", "a b.onnx"), "/abs/c.onnx"], saved.Settings.OnnxModels);
    }

    [Fact]
    public void Should_resolve_a_path_given_with_set_against_the_working_directory()
    {
        string relative = Path.GetRelativePath(Environment.CurrentDirectory, Trace);

        var scenario = Scenario.Load(null, ["ddlo.system.model=lydroo", "ddlo.system.devices=2", "ddlo.arrivals.process=trace", $"ddlo.arrivals.trace=\"{relative}\""]);

        Assert.Equal(Trace, scenario.Config.GetString("ddlo.arrivals.trace"));
        Assert.Contains($"\"{Trace}\"", scenario.SettingsHocon, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_leave_none_and_the_defaults_alone_and_save_empty_lists_as_lists()
    {
        string file = Write("plain.conf", "ddlo {\n  system { model = lydroo, devices = 2 }\n  arrivals { trace = none }\n}");

        var scenario = Scenario.Load(file);

        Assert.Equal("none", scenario.Config.GetString("ddlo.arrivals.trace"));
        Assert.DoesNotContain("<<unknown value>>", scenario.SettingsHocon, StringComparison.Ordinal);
        Assert.Contains("plugins : []", scenario.SettingsHocon, StringComparison.Ordinal);
        Assert.Contains("models : []", scenario.SettingsHocon, StringComparison.Ordinal);
        var saved = Scenario.FromText(scenario.SettingsHocon, "saved");
        Assert.Empty(saved.Settings.Plugins);
        Assert.Empty(saved.Settings.OnnxModels);
        Assert.Equal(scenario.SettingsHocon, saved.SettingsHocon);
    }

    [Fact]
    public void Should_declare_the_traces_as_their_models_paths_and_the_plugins_and_onnx_models_as_shared_ones()
    {
        Assert.Equal(["ddlo.arrivals.trace"], new LydrooDefinition().PathKeys);
        Assert.Equal(["ddlo.mobility.trace"], new Ddlo.Actors.Systems.Mumt.MumtDefinition().PathKeys);
        Assert.Equal(["ddlo.plugins", "ddlo.onnx.models"], ScenarioPaths.SharedKeys);
        Assert.All(Scenario.Default.Models.Where(m => m is not LydrooDefinition and not Ddlo.Actors.Systems.Mumt.MumtDefinition), m => Assert.Empty(m.PathKeys));
    }
}
