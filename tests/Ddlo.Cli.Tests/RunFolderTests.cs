using System.Diagnostics;
using System.Globalization;
using Ddlo.Cli.Tests.Commands;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Results;

namespace Ddlo.Cli.Tests;

/// <summary>
/// A results folder has one owner: every command that would write a folder a live process owns is refused in one
/// line naming the folder and the owner, before it touches anything; the owner's death, SIGKILL included, frees it.
/// </summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-run-folder-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Every command that writes a results folder, aimed at <paramref name="folder"/>, by the option that names it.</summary>
    private static IEnumerable<(string Option, string[] Args)> Writers(string folder, string experiment, string finished, int port) =>
    [
        ("--out", ["export", "--from", finished, "--out", folder, "--format", "onnx", "--force"]),
        ("--out", ["simulate", "--steps", "100", "--out", folder]),
        ("--out", ["simulate", "--steps", "100", "--out", folder, "--force"]),
        ("--resume", ["simulate", "--resume", folder]),
        ("--resume", ["simulate", "--resume", folder, "--steps", "9000000", "--json"]),
        ("--out", ["experiment", "--file", experiment, "--out", folder]),
        ("--out", ["experiment", "--file", experiment, "--out", folder, "--force", "--json"]),
        ("--out", ["evaluate", "--scenario", "hocon/scenarios/ddlo-reference.conf", "--dataset", "samples/data/ddlo-mumt-3x3.csv", "--policy", "ddlo", "--out", folder, "--force"]),
        ("--out", ["node", "--role", "edge,solver", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}", "--out", folder, "--force"]),
        ("--resume", ["node", "--role", "edge,solver", "--port", port.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}", "--resume", folder]),
    ];

    [Fact]
    public void Should_refuse_every_writer_of_a_folder_a_live_run_owns_and_free_it_when_the_owner_is_killed()
    {
        string folder = Path.Combine(root, "owned");
        string experiment = Experiment("experiment.conf", steps: 100);
        string finished = Path.Combine(root, "finished");
        Assert.Equal(0, DdloProcess.Run("simulate", "--steps", "300", "--out", finished, "--json").ExitCode);
        using var owner = DdloProcess.Start("simulate", "--steps", "5000000", "--set", "run.checkpoint-interval=500", "--out", folder, "--json");
        ResumeTests.WaitForCheckpoint(folder, owner.Process);
        WaitUntilOwned(folder, owner.Process);
        byte[] settings = File.ReadAllBytes(Path.Combine(folder, "scenario.conf"));

        foreach (var (option, args) in Writers(folder, experiment, finished, LoopbackPorts.FindFree()))
        {
            var refused = DdloProcess.Run(args);

            Assert.True(refused.ExitCode == 2, $"ddlo {string.Join(' ', args)}: {refused}");
            Assert.Equal(
                $"ddlo: error: {option} {folder}: another ddlo process (pid {owner.Process.Id}) is writing this folder; wait for it to end (Ctrl-C makes a run save a checkpoint and stop) or choose another folder.",
                refused.Stderr.Trim());
            Assert.False(owner.Process.HasExited, $"the owner ended while ddlo {string.Join(' ', args)} was refused");
            Assert.Equal(settings, File.ReadAllBytes(Path.Combine(folder, "scenario.conf")));
            Assert.True(File.Exists(Path.Combine(folder, "checkpoint.bin")), $"ddlo {string.Join(' ', args)} cost the owner its checkpoint");
        }

        owner.Kill();
        owner.Process.WaitForExit();

        // The lock file is still there, with the dead owner's pid: it blocks nothing.
        Assert.Equal(owner.Process.Id, RunFolderLock.OwnerOf(folder));
        using var resumed = DdloProcess.Start("simulate", "--resume", folder, "--json");
        WaitUntilOwned(folder, resumed.Process);
        // Two resumes of one folder: the second is refused, naming the first.
        var second = DdloProcess.Run("simulate", "--resume", folder);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"--resume {folder}: another ddlo process (pid {resumed.Process.Id})", second.Stderr, StringComparison.Ordinal);

        Signal("TERM", resumed.Process);
        var stopped = resumed.WaitForExit(TimeSpan.FromMinutes(2));
        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        Assert.True(stopped.Json.GetProperty("stopped_at").GetInt64() >= 500, stopped.ToString());
    }

    [Fact]
    public void Should_say_what_a_stopped_experiment_left_and_how_to_go_on()
    {
        string folder = Path.Combine(root, "experiment");
        string experiment = Experiment("long.conf", steps: 2000000);
        DdloProcess.Result stopped;
        using (var running = DdloProcess.Start("experiment", "--file", experiment, "--out", folder))
        {
            WaitUntilOwned(folder, running.Process);
            Signal("INT", running.Process);
            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 130, stopped.ToString());
        Assert.Equal(
            $"ddlo: stopped before any experiment finished; {folder} holds only ddlo.log. An experiment cannot resume: run it again with a new --out, or with --out {folder} --force.",
            stopped.Stderr.Trim().Split('\n')[^1]);

        // Run again on that folder: refused with the way on that works, not simulate --resume.
        var again = DdloProcess.Run("experiment", "--file", experiment, "--out", folder);
        Assert.Equal(2, again.ExitCode);
        Assert.Equal(
            $"ddlo: error: --out {folder}: the folder already holds files (an experiment's or another command's results, which cannot be resumed); choose a new folder, or pass --force to write over them.",
            again.Stderr.Trim());
        var resume = DdloProcess.Run("simulate", "--resume", folder);
        Assert.Equal(2, resume.ExitCode);
        Assert.DoesNotContain("another ddlo process", resume.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_experiments_of_a_suite_that_finished_before_it_was_stopped()
    {
        string folder = Path.Combine(root, "suite");
        Experiment("quick.conf", steps: 100);
        Experiment("long.conf", steps: 2000000);
        string suite = Path.Combine(root, "suite.conf");
        File.WriteAllText(suite, "experiment {\n  title = \"two\"\n  include = [quick.conf, long.conf]\n}\n");
        DdloProcess.Result stopped;
        using (var running = DdloProcess.Start("experiment", "--file", suite, "--out", folder))
        {
            // Polls for the report the first experiment writes when it is done; the deadline only bounds a broken run.
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(folder, "quick", "report.md")))
            {
                Assert.False(running.Process.HasExited, "the suite ended before its first experiment finished");
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "no report within two minutes");
                Thread.Sleep(10);
            }

            Signal("TERM", running.Process);
            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        Assert.Equal(
            $"ddlo: stopped; {folder} keeps the 1 of 2 experiments that finished (quick: report.md, CSV and PNG each) and ddlo.log. An experiment cannot resume: run it again with a new --out, or with --out {folder} --force.",
            stopped.Stderr.Trim().Split('\n')[^1]);
        Assert.True(File.Exists(Path.Combine(folder, "quick", "report.md")));
    }

    /// <summary>A convergence experiment of one run of <paramref name="steps"/> steps.</summary>
    private string Experiment(string name, long steps)
    {
        string file = Path.Combine(root, name);
        File.WriteAllText(file, string.Create(CultureInfo.InvariantCulture, $"experiment {{ kind = convergence, sweep {{ key = learning.dnn-count, values = [1] }}\n repetitions = 1\n steps = {steps} }}"));
        return file;
    }

    /// <summary>Polls until <paramref name="process"/> holds the folder's lock and has written its pid there; the deadline only bounds a broken run.</summary>
    private static void WaitUntilOwned(string folder, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (RunFolderLock.OwnerOf(folder) != process.Id)
        {
            Assert.False(process.HasExited, "the process ended before it owned the folder");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "the folder was not owned within two minutes");
            Thread.Sleep(10);
        }
    }

    private static void Signal(string signal, Process process)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
