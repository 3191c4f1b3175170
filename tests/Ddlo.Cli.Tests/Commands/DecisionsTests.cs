using System.Globalization;
using System.Text.Json;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// decisions.csv (<c>simulate --decisions</c>, <c>ddlo.results.decisions = on</c>): its rows are what <c>ddlo solve</c>
/// gives for the same slot and decision, they add up to the slot's figures in steps.csv, and a resumed run's file is
/// the uninterrupted run's.
/// </summary>
public sealed class DecisionsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-decisions-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Folder(string name) => Path.Combine(root, name);

    [Fact]
    public void Should_write_mumt_rows_that_solve_gives_for_the_same_slot_and_that_add_up_to_the_slot_s_Q()
    {
        const string scenario = "hocon/scenarios/paper-3x3.conf";
        string output = Folder("mumt");
        var run = DdloProcess.Run("simulate", "--scenario", scenario, "--steps", "200", "--decisions", "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var (header, rows) = Read(Path.Combine(output, "decisions.csv"));
        var steps = Read(Path.Combine(output, "steps.csv"));
        Assert.Equal(600, rows.Count);
        Assert.Equal([.. Enumerable.Range(0, 200).SelectMany(s => Enumerable.Repeat(s.ToString(CultureInfo.InvariantCulture), 3))], rows.Select(r => r[0]));
        int q = Array.IndexOf(steps.Header, "q_ddlo"), cost = Array.IndexOf(header, "cost_j");
        foreach (var slot in rows.GroupBy(r => int.Parse(r[0], CultureInfo.InvariantCulture)))
        {
            double sum = slot.Sum(r => Number(r[cost]));
            double slotQ = Number(steps.Rows[slot.Key][q]);
            Assert.True(Math.Abs(sum - slotQ) <= 1e-9 * slotQ, $"slot {slot.Key}: the devices' costs add up to {sum}, steps.csv has Q = {slotQ}");
        }

        foreach (int slot in (int[])[0, 57, 199])
        {
            var devices = rows.Where(r => r[0] == slot.ToString(CultureInfo.InvariantCulture)).ToList();
            string sizes = string.Join(',', devices.SelectMany(r => r[2..5]));
            string bits = string.Concat(devices.SelectMany(r => r[5..8]));
            var solved = DdloProcess.Run("solve", "--scenario", scenario, "--workload", sizes, "--decision", bits, "--json");
            Assert.True(solved.ExitCode == 0, solved.ToString());

            var expected = solved.Json.GetProperty("devices").EnumerateArray().ToList();
            for (int n = 0; n < 3; n++)
            {
                foreach (var (column, field) in (ReadOnlySpan<(string, string)>)[("bandwidth_mb_per_s", "bandwidth"), ("energy_j", "energy"), ("delay_s", "delay"), ("cost_j", "cost"), ("upload_time_s", "upload_time")])
                {
                    Assert.Equal(expected[n].GetProperty(field).GetDouble(), Number(devices[n][Array.IndexOf(header, column)]));
                }
            }
        }
    }

    [Fact]
    public void Should_write_wpmec_rows_with_the_exact_time_split_that_solve_gives()
    {
        const string scenario = "hocon/scenarios/droo-wpmec-10.conf";
        string output = Folder("wpmec");
        var run = DdloProcess.Run("simulate", "--scenario", scenario, "--steps", "40", "--set", "run.score-against-optimum=off", "--decisions", "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var (header, rows) = Read(Path.Combine(output, "decisions.csv"));
        var steps = Read(Path.Combine(output, "steps.csv"));
        Assert.Equal(["slot", "device", "h", "x", "weight", "time_share", "power_transfer", "weighted_rate_bps"], header);
        Assert.Equal(400, rows.Count);
        foreach (int slot in (int[])[0, 39])
        {
            var devices = rows.Where(r => r[0] == slot.ToString(CultureInfo.InvariantCulture)).ToList();
            var solved = DdloProcess.Run("solve", "--scenario", scenario, "--workload", string.Join(',', devices.Select(r => r[2])), "--decision", string.Concat(devices.Select(r => r[3])), "--json");
            Assert.True(solved.ExitCode == 0, solved.ToString());

            Assert.Equal(solved.Json.GetProperty("offload_times").EnumerateArray().Select(t => t.GetDouble()), devices.Select(r => Number(r[5])));
            Assert.All(devices, r => Assert.Equal(solved.Json.GetProperty("power_transfer").GetDouble(), Number(r[6])));
            double rate = devices.Sum(r => Number(r[7]));
            double slotRate = Number(steps.Rows[slot][Array.IndexOf(steps.Header, "q_ddlo")]);
            Assert.True(Math.Abs(rate - slotRate) <= 1e-9 * slotRate, $"slot {slot}: the devices' rates add up to {rate}, steps.csv has {slotRate}");
        }
    }

    [Fact]
    public void Should_write_lydroo_rows_whose_means_over_devices_are_the_slot_s_queues_in_steps_csv()
    {
        string output = Folder("lydroo");
        var run = DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--steps", "150", "--set", "run.score-against-optimum=off", "--decisions", "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.ToString());

        var (header, rows) = Read(Path.Combine(output, "decisions.csv"));
        var steps = Read(Path.Combine(output, "steps.csv"));
        Assert.Equal(["slot", "device", "h", "x", "data_queue_mbit", "energy_queue", "time_share", "served_mbit", "energy_j", "arrivals_mbit"], header);
        Assert.Equal(1500, rows.Count);
        foreach (var (column, stepsColumn) in (ReadOnlySpan<(string, string)>)[("data_queue_mbit", "data_queue_mbit"), ("energy_queue", "energy_queue"), ("served_mbit", "served_mbit"), ("energy_j", "energy_j"), ("arrivals_mbit", "arrivals_mbit")])
        {
            int at = Array.IndexOf(header, column), stepsAt = Array.IndexOf(steps.Header, stepsColumn);
            foreach (var slot in rows.GroupBy(r => int.Parse(r[0], CultureInfo.InvariantCulture)))
            {
                double mean = slot.Average(r => Number(r[at]));
                double expected = Number(steps.Rows[slot.Key][stepsAt]);
                Assert.True(Math.Abs(mean - expected) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"slot {slot.Key}: {column} averages {mean}, steps.csv has {expected}");
            }
        }

        Assert.Contains(rows, r => Number(r[Array.IndexOf(header, "data_queue_mbit")]) > 0);
    }

    [Fact]
    public void Should_write_no_decisions_file_unless_asked_and_refuse_a_switch_that_is_neither_on_nor_off()
    {
        string output = Folder("plain");
        var asked = DdloProcess.Run("simulate", "--steps", "30", "--decisions", "--out", output, "--json");
        Assert.True(asked.ExitCode == 0, asked.ToString());
        Assert.Equal(91, File.ReadAllLines(Path.Combine(output, "decisions.csv")).Length);

        // --force clears the folder of every run file, decisions.csv among them, and a run that does not ask writes none.
        var run = DdloProcess.Run("simulate", "--steps", "30", "--out", output, "--force", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(31, File.ReadAllLines(Path.Combine(output, "steps.csv")).Length);
        Assert.False(File.Exists(Path.Combine(output, "decisions.csv")), "decisions.csv left or written though nobody asked for it");

        var refused = DdloProcess.Run("simulate", "--steps", "30", "--set", "results.decisions=sometimes", "--out", Folder("refused"));

        Assert.Equal(2, refused.ExitCode);
        string line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("ddlo: error: --set results.decisions=sometimes: ddlo.results.decisions: expected one of on | off, got 'sometimes'.", line);
    }

    [Fact]
    public void Should_resume_after_SIGKILL_into_the_decisions_file_of_the_uninterrupted_run()
    {
        string[] Simulate(string output) =>
            ["simulate", "--steps", "3000", "--set", "run.checkpoint-interval=1000", "--decisions", "--out", output, "--json"];
        var uninterrupted = DdloProcess.Run(Simulate(Folder("uninterrupted")));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        string killed = Folder("killed");
        using (var running = DdloProcess.Start(Simulate(killed)))
        {
            ResumeTests.WaitForCheckpoint(killed, running.Process);
            running.Kill();
            running.Process.WaitForExit();
        }

        Assert.False(File.Exists(Path.Combine(killed, "summary.json")), "the run was to be killed before its end");
        var resumed = DdloProcess.Run("simulate", "--resume", killed, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.InRange(resumed.Json.GetProperty("resumed_from_step").GetInt64(), 1000, 2999);
        ResumeTests.AssertSameRows(File.ReadAllLines(Path.Combine(Folder("uninterrupted"), "decisions.csv")), File.ReadAllLines(Path.Combine(killed, "decisions.csv")));
        Assert.Equal(9001, File.ReadAllLines(Path.Combine(killed, "decisions.csv")).Length);
    }

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>A CSV of numbers without quoted cells: its header and rows.</summary>
    private static (string[] Header, List<string[]> Rows) Read(string path)
    {
        string[] lines = File.ReadAllLines(path);
        return (lines[0].Split(','), [.. lines.Skip(1).Select(l => l.Split(','))]);
    }
}
