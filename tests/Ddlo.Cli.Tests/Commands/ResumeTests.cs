using System.Diagnostics;
using System.Globalization;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>Checkpoints of <c>ddlo simulate</c> and <c>--resume</c>, with real processes killed by real signals.</summary>
public sealed class ResumeTests : IDisposable
{
    private const int Steps = 5000;
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-resume-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Folder(string name) => Path.Combine(root, name);

    private static string[] Simulate(string output, long steps = Steps) =>
        ["simulate", "--steps", steps.ToString(CultureInfo.InvariantCulture), "--set", "run.checkpoint-interval=1000", "--out", output, "--json"];

    [Fact]
    public void Should_resume_after_SIGKILL_into_the_same_steps_without_duplicated_or_missing_rows()
    {
        var uninterrupted = DdloProcess.Run(Simulate(Folder("uninterrupted")));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        string killed = Folder("killed");
        using (var running = DdloProcess.Start(Simulate(killed)))
        {
            WaitForCheckpoint(killed, running.Process);
            running.Kill();
            running.Process.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(killed, "summary.json")), "the run was to be killed before its end");
        var resumed = DdloProcess.Run("simulate", "--resume", killed, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(Steps, resumed.Json.GetProperty("slots_decided").GetInt64());
        Assert.InRange(resumed.Json.GetProperty("resumed_from_step").GetInt64(), 1000, Steps - 1);
        string[] rows = File.ReadAllLines(Path.Combine(killed, "steps.csv"));
        Assert.Equal(Enumerable.Range(0, Steps).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(row => row.Split(',')[0]));
        double gain = resumed.Json.GetProperty("gain_ratio").GetDouble();
        double reference = uninterrupted.Json.GetProperty("gain_ratio").GetDouble();
        Assert.True(Math.Abs(gain - reference) <= 0.005, $"resumed gain {gain} vs uninterrupted {reference}");
        // With one slot in flight the resumed run is the uninterrupted one: every decision and loss, all but the wall-clock latency.
        AssertSameRows(WithoutLatency(Path.Combine(Folder("uninterrupted"), "steps.csv")), WithoutLatency(Path.Combine(killed, "steps.csv")));
        Assert.False(File.Exists(Path.Combine(killed, "checkpoint.bin")), "a complete run keeps no checkpoint");
    }

    [Fact]
    public void Should_checkpoint_and_stop_on_SIGTERM_and_then_resume_to_the_end()
    {
        string output = Folder("terminated");
        DdloProcess.Result stopped;
        using (var running = DdloProcess.Start(Simulate(output, steps: 8000)))
        {
            WaitForCheckpoint(output, running.Process);
            using (var kill = Process.Start("kill", ["-TERM", running.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        long step = stopped.Json.GetProperty("stopped_at").GetInt64();
        Assert.InRange(step, 1000, 7999);
        Assert.False(File.Exists(Path.Combine(output, "summary.json")));

        var resumed = DdloProcess.Run("simulate", "--resume", output, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(step, resumed.Json.GetProperty("resumed_from_step").GetInt64());
        Assert.Equal(8000, resumed.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(8001, File.ReadAllLines(Path.Combine(output, "steps.csv")).Length);
    }

    public static TheoryData<string, string> BadResumes() => new()
    {
        { "missing", "ddlo: error: cannot resume: {dir} does not exist" },
        { "empty", "ddlo: error: cannot resume: {dir} has neither checkpoint.bin nor scenario.conf, so it is not the results folder of a ddlo run" },
        { "garbage", "ddlo: error: {dir}/checkpoint.bin is not a ddlo checkpoint (or is truncated)" },
        { "complete", "ddlo: error: cannot resume: the run in {dir} is complete (it has a summary.json and no checkpoint)" },
    };

    [Theory]
    [MemberData(nameof(BadResumes))]
    public void Should_refuse_a_folder_it_cannot_resume_in_one_line(string kind, string message)
    {
        string dir = Folder(kind);
        if (kind != "missing")
        {
            Directory.CreateDirectory(dir);
        }

        if (kind == "garbage")
        {
            File.WriteAllBytes(Path.Combine(dir, "checkpoint.bin"), [1, 2, 3, 4, 5]);
        }

        if (kind == "complete")
        {
            File.WriteAllText(Path.Combine(dir, "scenario.conf"), "ddlo { }");
            File.WriteAllText(Path.Combine(dir, "summary.json"), "{}");
        }

        var result = DdloProcess.Run("simulate", "--resume", dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(message.Replace("{dir}", dir, StringComparison.Ordinal), result.Stderr.Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_name_the_part_that_cannot_take_up_its_state_with_or_without_the_progress_bar(bool json)
    {
        // A checkpoint whose file is sound but whose recorder part is not: the run fails while the progress bar polls.
        string dir = Folder(json ? "bad-part-json" : "bad-part");
        var settings = Ddlo.Actors.Configuration.Scenario.Load(null, ["run.steps=2000", "learning.dnn-count=2"]).SettingsHocon;
        Ddlo.Actors.Checkpoints.RunCheckpoint checkpoint = new(
            1000,
            settings,
            [
                new("recorder", 0, [1, 2, 3]),
                new("memory", 0, [1, 2, 3]),
                new("dnn", 0, [1, 2, 3]),
                new("dnn", 1, [1, 2, 3]),
                .. Enumerable.Range(0, 3).Select(n => new Ddlo.Actors.Checkpoints.CheckpointPart("device", n, [0])),
            ]);
        Directory.CreateDirectory(dir);
        Ddlo.Actors.Checkpoints.CheckpointFile.Write(dir, checkpoint);

        var result = DdloProcess.Run(json ? ["simulate", "--resume", dir, "--json"] : ["simulate", "--resume", dir]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("ddlo: error: cannot resume: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("could not take up its saved state", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AskTimeout", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Should_refuse_to_resume_with_other_settings()
    {
        var result = DdloProcess.Run("simulate", "--resume", root, "--seed", "4");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--resume continues a run with the settings it was started with", result.Stderr, StringComparison.Ordinal);
    }

    internal static void WaitForCheckpoint(string output, Process process)
    {
        // Polls for the file the run itself writes; the deadline only bounds a broken run.
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(Path.Combine(output, "checkpoint.bin")))
        {
            Assert.False(process.HasExited, "the run ended before its first checkpoint");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "no checkpoint within two minutes");
            Thread.Sleep(10);
        }
    }

    /// <summary>steps.csv without its wall-clock columns (latency_us, network_latency_us).</summary>
    /// <summary>
    /// Equal rows, or a failure that shows the header and the first row that differs in full (a collection's diff cuts
    /// its items short, before the column that differs).
    /// </summary>
    internal static void AssertSameRows(string[] expected, string[] actual)
    {
        int first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(first < 0 && expected.Length == actual.Length,
            first < 0
                ? $"{expected.Length} rows expected, {actual.Length} written"
                : $"row {first} differs:\n  header   {expected[0]}\n  expected {expected[first]}\n  actual   {actual[first]}");
    }

    internal static string[] WithoutLatency(string stepsCsv)
    {
        string[] rows = File.ReadAllLines(stepsCsv);
        var header = rows[0].Split(',');
        int[] clocks = [Array.IndexOf(header, "latency_us"), Array.IndexOf(header, "network_latency_us")];
        Assert.DoesNotContain(-1, clocks);
        return [.. rows.Select(row => string.Join(',', row.Split(',').Where((_, i) => !clocks.Contains(i))))];
    }
}
