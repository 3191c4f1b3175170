using System.Security.Cryptography;

namespace Ddlo.Cli.Tests;

/// <summary>A command never writes into a results folder or model file that already holds work, unless told to.</summary>
public sealed class ExistingWorkTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-existing-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Should_refuse_out_at_a_finished_run_and_leave_every_file_of_it_as_it_was_until_forced()
    {
        string run = Path.Combine(root, "finished");
        var first = DdloProcess.Run("simulate", "--steps", "300", "--out", run, "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = Snapshot(run);

        var again = DdloProcess.Run("simulate", "--steps", "200", "--out", run, "--json");

        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Equal($"ddlo: error: --out {run}: the folder already holds files (an earlier run's results or checkpoint); choose a new folder, continue an interrupted run with simulate --resume, or pass --force to replace that run's files.", again.Stderr.Trim());
        Assert.Equal(before, Snapshot(run));

        var forced = DdloProcess.Run("simulate", "--steps", "200", "--out", run, "--force", "--json");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(201, File.ReadAllLines(Path.Combine(run, "steps.csv")).Length);
        // One run's log, not two mixed.
        Assert.Single(File.ReadAllLines(Path.Combine(run, "ddlo.log")), line => line.Contains("Run placed", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFiles(run, "*.partial*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Should_refuse_out_at_an_interrupted_run_and_keep_its_checkpoint_resumable()
    {
        string run = Path.Combine(root, "interrupted");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "scenario.conf"), "ddlo { run { steps = 300 } }");
        File.WriteAllBytes(Path.Combine(run, "checkpoint.bin"), [1, 2, 3]);
        var before = Snapshot(run);

        var result = DdloProcess.Run("simulate", "--steps", "300", "--out", run);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("simulate --resume", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(run));
    }

    [Fact]
    public void Should_give_runs_started_in_the_same_second_their_own_default_folders()
    {
        string work = Path.Combine(root, "cwd");
        Directory.CreateDirectory(work);
        using var a = DdloProcess.StartIn(work, "simulate", "--steps", "200", "--json");
        using var b = DdloProcess.StartIn(work, "simulate", "--steps", "200", "--json");

        var first = a.WaitForExit(TimeSpan.FromMinutes(2));
        var second = b.WaitForExit(TimeSpan.FromMinutes(2));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        string folderA = first.Json.GetProperty("results").GetString()!;
        string folderB = second.Json.GetProperty("results").GetString()!;
        Assert.NotEqual(folderA, folderB);
        Assert.All([folderA, folderB], folder => Assert.Equal(201, File.ReadAllLines(Path.Combine(work, folder, "steps.csv")).Length));
    }

    [Fact]
    public void Should_refuse_to_export_onto_an_existing_model_and_leave_it_byte_for_byte()
    {
        string run = Path.Combine(root, "run");
        Assert.Equal(0, DdloProcess.Run("simulate", "--steps", "600", "--out", run, "--json").ExitCode);
        string model = Path.Combine(root, "model.ddlo");
        Assert.Equal(0, DdloProcess.Run("export", "--from", run, "--out", model).ExitCode);
        byte[] before = File.ReadAllBytes(model);

        var again = DdloProcess.Run("export", "--from", run, "--out", model);

        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"ddlo: error: --out {model}: the file exists; choose another name or pass --force to replace it.", again.Stderr.Trim());
        Assert.Equal(before, File.ReadAllBytes(model));
        var forced = DdloProcess.Run("export", "--from", run, "--out", model, "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal([Path.GetFileName(model), "run"], Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).Order());
    }

    /// <summary>Every file under <paramref name="folder"/> with a hash of its bytes, but the lock file, which names whoever last took the folder.</summary>
    private static string[] Snapshot(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(file => Path.GetFileName(file) != Hosting.Results.RunFolderLock.FileName).Order()
            .Select(file => $"{Path.GetRelativePath(folder, file)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))}")];
}
