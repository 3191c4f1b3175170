using System.Diagnostics;
using System.Globalization;

namespace Ddlo.Cli.Tests.Commands;

/// <summary><c>ddlo simulate</c> on a map of cells (<c>ddlo.topology</c>): its results folder, a stop and <c>--resume</c>, with real processes.</summary>
public sealed class MapCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-map-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Four cells of a 400 m square and 24 fast devices: handovers every few slots.</summary>
    private static string[] Simulate(string output, long steps) =>
    [
        "simulate", "--steps", steps.ToString(CultureInfo.InvariantCulture), "--out", output, "--json",
        "--set", "system.devices=24", "--set", "system.tasks-per-device=2", "--set", "system.uplink-mbps=300",
        "--set", "topology.layout=grid", "--set", "topology.cells=4", "--set", "topology.spacing-m=200", "--set", "topology.radius-m=150",
        "--set", "channel.enabled=on", "--set", "mobility.model=random-waypoint", "--set", "mobility.min-speed-mps=20",
        "--set", "mobility.max-speed-mps=40", "--set", "mobility.half-side-m=200", "--set", "learning.hidden-layers=[16]",
        "--set", "learning.input-scale=1", "--set", "learning.batch-size=32", "--set", "learning.memory-size=512",
        "--set", "learning.warmup=64", "--set", "learning.dnn-count=2", "--set", "learning.device-search-rounds=3",
        "--set", "run.checkpoint-interval=50",
    ];

    [Fact]
    public void Should_stop_a_map_at_SIGTERM_and_resume_it_to_the_digest_of_a_run_never_stopped()
    {
        string stoppedFolder = Path.Combine(root, "stopped");
        DdloProcess.Result stopped;
        using (var running = DdloProcess.Start(Simulate(stoppedFolder, 2_000_000)))
        {
            ResumeTests.WaitForCheckpoint(stoppedFolder, running.Process);
            using (var kill = Process.Start("kill", ["-TERM", running.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
        }

        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        long step = stopped.Json.GetProperty("stopped_at").GetInt64();
        Assert.True(step >= 50, stopped.ToString());
        Assert.False(File.Exists(Path.Combine(stoppedFolder, "summary.json")));

        long steps = step + 40;
        var resumed = DdloProcess.Run("simulate", "--resume", stoppedFolder, "--steps", steps.ToString(CultureInfo.InvariantCulture), "--json");
        var whole = DdloProcess.Run(Simulate(Path.Combine(root, "whole"), steps));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.True(whole.ExitCode == 0, whole.ToString());
        Assert.Equal(step, resumed.Json.GetProperty("resumed_from_step").GetInt64());
        // The digest covers steps.csv and cells.csv but their wall-clock columns: every decision, handover and loss.
        Assert.Equal(whole.Json.GetProperty("digest").GetString(), resumed.Json.GetProperty("digest").GetString());
        Assert.Equal((steps * 4) + 1, File.ReadAllLines(Path.Combine(stoppedFolder, "cells.csv")).Length);
        Assert.Equal(steps + 1, File.ReadAllLines(Path.Combine(stoppedFolder, "steps.csv")).Length);
        Assert.True(new FileInfo(Path.Combine(stoppedFolder, "map.png")).Length > 0, "no map.png");
        Assert.False(File.Exists(Path.Combine(stoppedFolder, "checkpoint.bin")), "a complete run keeps no checkpoint");

        // A map's networks see each device's row with its cell's load: export says so, rather than that the folder is no run.
        var export = DdloProcess.Run("export", "--from", stoppedFolder, "--out", Path.Combine(root, "model.ddlo"));
        Assert.True(export.ExitCode == 2, export.ToString());
        Assert.Contains($"--from {stoppedFolder}: a map of cells (ddlo.topology) trains one network on each device's row", export.Stderr, StringComparison.Ordinal);
    }
}
