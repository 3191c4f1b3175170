using System.Diagnostics;
using System.Globalization;
using Ddlo.Cli.Tests.Commands;

namespace Ddlo.Cli.Tests;

/// <summary>
/// A run's folder resumes from anywhere: every path its scenario names is saved absolute, resolved against the file
/// that named it, so neither <c>--resume</c> from another working directory nor a run of a copy of its saved
/// <c>scenario.conf</c> loses a file.
/// </summary>
public sealed class ScenarioPathsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo paths ").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Should_resume_a_run_with_a_trace_named_relative_to_its_scenario_from_another_directory_and_from_a_copy_of_its_settings()
    {
        string scenarios = Path.Combine(root, "my scenarios");
        Directory.CreateDirectory(Path.Combine(scenarios, "data"));
        File.WriteAllLines(Path.Combine(scenarios, "data", "arrivals.csv"), ["frame,device,bits", .. Enumerable.Range(0, 40).SelectMany(f => Enumerable.Range(0, 3).Select(d => string.Create(CultureInfo.InvariantCulture, $"{f},{d},{1 + ((f + d) % 3)}")))]);
        File.WriteAllText(Path.Combine(scenarios, "trace.conf"), """
            ddlo {
              system { model = lydroo, devices = 3 }
              learning { dnn-count = 1 }
              arrivals { process = trace, trace = "data/arrivals.csv" }
              run { checkpoint-interval = 200 }
            }
            """);
        string output = Path.Combine(root, "run one");
        string elsewhere = Path.Combine(root, "elsewhere");
        Directory.CreateDirectory(elsewhere);

        DdloProcess.Result stopped;
        using (var running = DdloProcess.StartIn(scenarios, "simulate", "--scenario", "trace.conf", "--steps", "5000000", "--out", output, "--json"))
        {
            ResumeTests.WaitForCheckpoint(output, running.Process);
            using (var kill = Process.Start("kill", ["-INT", running.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 130, stopped.ToString());
        string trace = Path.Combine(scenarios, "data", "arrivals.csv");
        string saved = File.ReadAllText(Path.Combine(output, "scenario.conf"));
        Assert.Contains($"trace : \"{trace}\"", saved, StringComparison.Ordinal);
        Assert.DoesNotContain("<<unknown value>>", saved, StringComparison.Ordinal);
        long step = stopped.Json.GetProperty("stopped_at").GetInt64();

        using (var resuming = DdloProcess.StartIn(elsewhere, "simulate", "--resume", output, "--steps", (step + 100).ToString(CultureInfo.InvariantCulture), "--json"))
        {
            var resumed = resuming.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Equal(step, resumed.Json.GetProperty("resumed_from_step").GetInt64());
        }

        File.Copy(Path.Combine(output, "scenario.conf"), Path.Combine(elsewhere, "copy.conf"));
        using var again = DdloProcess.StartIn(elsewhere, "simulate", "--scenario", "copy.conf", "--steps", "100", "--out", Path.Combine(elsewhere, "from copy"), "--json");
        var fromCopy = again.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.True(fromCopy.ExitCode == 0, fromCopy.ToString());
        Assert.Contains($"trace : \"{trace}\"", File.ReadAllText(Path.Combine(elsewhere, "from copy", "scenario.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_save_a_path_given_with_set_absolute_against_the_working_directory()
    {
        string work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        File.WriteAllLines(Path.Combine(work, "arrivals.csv"), ["frame,device,bits", "0,0,1", "0,1,2", "1,0,2", "1,1,1"]);
        string output = Path.Combine(root, "set");

        using var running = DdloProcess.StartIn(
            work, "simulate", "--steps", "50", "--set", "system.model=lydroo", "--set", "system.devices=2", "--set", "arrivals.process=trace", "--set", "arrivals.trace=arrivals.csv", "--out", output, "--json");
        var result = running.WaitForExit(TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"trace : \"{Path.Combine(work, "arrivals.csv")}\"", File.ReadAllText(Path.Combine(output, "scenario.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_quote_a_path_with_spaces_in_the_command_an_onnx_export_suggests_and_run_its_models_from_anywhere()
    {
        string run = Path.Combine(root, "trained");
        Assert.Equal(0, DdloProcess.Run("simulate", "--steps", "300", "--set", "learning.dnn-count=2", "--out", run, "--json").ExitCode);
        string onnx = Path.Combine(root, "it's exported");

        var export = DdloProcess.Run("export", "--from", run, "--out", onnx, "--format", "onnx");

        Assert.True(export.ExitCode == 0, export.ToString());
        string[] lines = File.ReadAllLines(Path.Combine(onnx, "scenario.conf"));
        Assert.Equal($"#   ./run.sh simulate --scenario '{root}/it'\\''s exported/scenario.conf'", lines[1]);
        using var replaying = DdloProcess.StartIn(root, "simulate", "--scenario", Path.Combine(onnx, "scenario.conf"), "--steps", "50", "--out", Path.Combine(root, "replay"), "--json");
        var replay = replaying.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.True(replay.ExitCode == 0, replay.ToString());
        Assert.Equal("onnx", replay.Json.GetProperty("policy").GetString());
    }
}
