using System.Globalization;
using Ddlo.Cli.Tests.Commands;

namespace Ddlo.Cli.Tests;

/// <summary>
/// A run that cannot write what it computed stops at once with one line naming the file and the reason, keeps its
/// last good checkpoint and exits 74; standard output that is full or closed does not cost the results folder.
/// The disk "fills" deterministically and without privileges: the run gets a file size limit (ulimit -f, with
/// SIGXFSZ ignored so that a write past it fails with EFBIG instead of killing the process).
/// </summary>
public sealed class WriteFailureTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-write-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// Runs ddlo with no file larger than <paramref name="kilobytes"/> KiB. W^X is off: the runtime's double-mapped
    /// code pages are files too, and would hit the limit before any of ours.
    /// </summary>
    private static DdloProcess.Result RunLimited(int kilobytes, params string[] args)
    {
        using var running = DdloProcess.StartUnder(
            ["bash", "-c", string.Create(CultureInfo.InvariantCulture, $"trap '' XFSZ; ulimit -f {kilobytes}; exec \"$@\""), "ddlo-limited"],
            AppContext.BaseDirectory,
            new Dictionary<string, string?> { ["DOTNET_EnableWriteXorExecute"] = "0" },
            args);
        return running.WaitForExit(TimeSpan.FromMinutes(5));
    }

    /// <summary>Runs ddlo with its standard output sent to <paramref name="redirect"/> by the shell (e.g. "&gt; /dev/full").</summary>
    private static DdloProcess.Result RunRedirected(string redirect, params string[] args)
    {
        using var running = DdloProcess.StartUnder(["bash", "-c", $"\"$@\" {redirect}; exit ${{PIPESTATUS[0]}}", "ddlo-redirected"], AppContext.BaseDirectory, new Dictionary<string, string?>(), args);
        return running.WaitForExit(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Should_stop_at_the_first_checkpoint_it_cannot_write_keep_the_one_before_and_resume_from_it()
    {
        string output = Path.Combine(root, "full");

        // Checkpoints of this run: about 760 KiB at step 500, 840 KiB at step 1,000.
        var stopped = RunLimited(800, "simulate", "--steps", "3000", "--set", "run.checkpoint-interval=500", "--out", output, "--json");

        Assert.True(stopped.ExitCode == 74, stopped.ToString());
        Assert.Equal(
            $"ddlo: error: cannot write {output}/checkpoint.bin: File too large (past the file size limit of this process or of the file system); " +
            $"the run stopped and keeps its checkpoint at step 500; once {output} can be written again, continue with --resume {output}",
            stopped.Stderr.Trim());
        Assert.Empty(stopped.Stdout);
        Assert.Empty(Directory.EnumerateFiles(output, "*.partial*", SearchOption.AllDirectories));

        var resumed = DdloProcess.Run("simulate", "--resume", output, "--json");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(500, resumed.Json.GetProperty("resumed_from_step").GetInt64());
        Assert.Equal(3001, File.ReadAllLines(Path.Combine(output, "steps.csv")).Length);
    }

    [Fact]
    public void Should_keep_what_it_has_when_its_results_cannot_be_written_and_start_over_on_resume()
    {
        string output = Path.Combine(root, "results");

        // steps.csv of 3,000 steps is about 420 KiB; the run saves no checkpoint before its end.
        var failed = RunLimited(300, "simulate", "--steps", "3000", "--set", "run.checkpoint-interval=100000", "--out", output, "--json");

        Assert.True(failed.ExitCode == 74, failed.ToString());
        Assert.Equal(
            $"ddlo: error: cannot write {output}/steps.csv: File too large (past the file size limit of this process or of the file system); " +
            $"the run stopped before it saved a checkpoint; once {output} can be written again, --resume {output} starts it over",
            failed.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(output, "steps.csv")), "a results file that could not be written must not be left half written");
        Assert.Empty(Directory.EnumerateFiles(output, "*.partial*", SearchOption.AllDirectories));

        var again = DdloProcess.Run("simulate", "--resume", output, "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(3001, File.ReadAllLines(Path.Combine(output, "steps.csv")).Length);
    }

    [Fact]
    public void Should_stop_when_its_folder_is_replaced_by_a_file_and_leave_the_moved_checkpoint_resumable()
    {
        string output = Path.Combine(root, "moved");
        string moved = output + ".moved";
        DdloProcess.Result stopped;
        using (var running = DdloProcess.Start("simulate", "--steps", "5000000", "--set", "run.checkpoint-interval=500", "--out", output, "--json"))
        {
            ResumeTests.WaitForCheckpoint(output, running.Process);
            Directory.Move(output, moved);
            File.WriteAllText(output, "not a folder");
            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 74, stopped.ToString());
        string line = Assert.Single(stopped.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"ddlo: error: cannot write {output}/checkpoint.bin: ", line, StringComparison.Ordinal);

        File.Delete(output);
        Directory.Move(moved, output);
        using var resumed = DdloProcess.Start("simulate", "--resume", output, "--steps", "1", "--json");
        var refused = resumed.WaitForExit(TimeSpan.FromMinutes(2));
        // The checkpoint is whole: --resume reads it, and only refuses to go back in steps.
        Assert.Equal(2, refused.ExitCode);
        Assert.Matches(@"^ddlo: error: cannot resume: the checkpoint is at step \d+, and the run has 1 steps$", refused.Stderr.Trim());
    }

    [Fact]
    public void Should_stop_when_its_folder_is_removed_rather_than_make_a_new_one()
    {
        string output = Path.Combine(root, "removed");
        DdloProcess.Result stopped;
        using (var running = DdloProcess.Start("simulate", "--steps", "5000000", "--set", "run.checkpoint-interval=500", "--out", output, "--json"))
        {
            ResumeTests.WaitForCheckpoint(output, running.Process);
            // Renamed first, so that a save in flight cannot put a file in the folder while it is being deleted.
            Directory.Move(output, output + ".gone");
            Directory.Delete(output + ".gone", recursive: true);
            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 74, stopped.ToString());
        // "a part of the path" when the save starts after the removal, "file" when the removal came between its write and its rename.
        Assert.Matches(
            $"^ddlo: error: cannot write {System.Text.RegularExpressions.Regex.Escape(output)}/checkpoint\\.bin: Could not find (a part of the path|file); " +
            $"the run stopped: its folder {System.Text.RegularExpressions.Regex.Escape(output)} is gone \\(removed, or replaced by a file\\), and its checkpoints with it$",
            stopped.Stderr.Trim());
        Assert.False(Directory.Exists(output), "a removed folder is not made again");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Should_write_the_results_folder_whole_when_stdout_is_full_and_say_so_in_one_line(bool json)
    {
        string output = Path.Combine(root, "dev-full");
        string[] args = ["simulate", "--steps", "300", "--out", output, .. json ? new[] { "--json" } : []];

        var result = RunRedirected("> /dev/full", args);

        Assert.True(result.ExitCode == 74, result.ToString());
        Assert.Equal(
            "ddlo: error: cannot write to standard output: No space left on device; what it was to show is lost, the results folder (if the command has one) is not",
            result.Stderr.Trim());
        Assert.Equal(301, File.ReadAllLines(Path.Combine(output, "steps.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
    }

    [Fact]
    public void Should_pass_over_a_reader_that_stops_reading_in_silence_and_keep_the_results_folder()
    {
        string output = Path.Combine(root, "head");

        var result = RunRedirected("| head -c 1 > /dev/null", "simulate", "--steps", "300", "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Stderr);
        Assert.Equal(301, File.ReadAllLines(Path.Combine(output, "steps.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
    }
}
