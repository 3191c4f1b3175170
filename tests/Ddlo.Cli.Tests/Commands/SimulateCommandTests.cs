using System.Globalization;

namespace Ddlo.Cli.Tests.Commands;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-sim-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_write_steps_summary_and_plots_to_the_results_folder()
    {
        var result = DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/paper-3x3.conf", "--steps", "700", "--set", "learning.dnn-count=2", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(700, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(700, result.Json.GetProperty("slots_generated").GetInt64());
        Assert.Equal(2, result.Json.GetProperty("dnn_count").GetInt32());

        string[] lines = File.ReadAllLines(Path.Combine(output, "steps.csv"));
        Assert.Equal("step,q_ddlo,q_opt,gain_ratio,q_local,q_edge,winner_k,candidates,degraded,latency_us,offloaded,winner_candidate,q_network,network_latency_us,loss_k0,loss_k1", lines[0]);
        Assert.Equal(701, lines.Length);
        var last = lines[^1].Split(',');
        Assert.Equal("699", last[0]);
        double gain = double.Parse(last[3], CultureInfo.InvariantCulture);
        Assert.InRange(gain, 0.3, 1.0 + 1e-12);
        Assert.Contains(lines.Skip(1), line => line.Split(',')[11].Length > 0);

        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
        foreach (string png in new[] { "convergence.png", "loss.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(output, png));
            Assert.True(bytes.Length > 10_000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }

    [Fact]
    public void Should_decide_by_the_networks_alone_when_the_search_teaches_and_report_both_with_the_work_behind_them()
    {
        var result = DdloProcess.Run(
            "simulate", "--scenario", "hocon/scenarios/paper-3x3.conf", "--steps", "400", "--out", output, "--json",
            "--set", "learning.dnn-count=1", "--set", "learning.device-search-rounds=3", "--set", "learning.device-search-role=teach");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = File.ReadAllLines(Path.Combine(output, "steps.csv"));
        string[] header = lines[0].Split(',');
        Assert.Equal(["q_network", "network_latency_us", "q_search", "priced", "loss_k0"], header[^5..]);
        int column(string name) => Array.IndexOf(header, name);
        double value(string[] row, string name) => double.Parse(row[column(name)], CultureInfo.InvariantCulture);
        var rows = lines.Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(400, rows.Count);
        foreach (var row in rows)
        {
            // The devices were ordered the networks' decision; the search, starting from it, never does worse.
            Assert.Equal(value(row, "q_network"), value(row, "q_ddlo"));
            Assert.True(value(row, "q_search") <= value(row, "q_ddlo"), string.Join(',', row));
            Assert.True(value(row, "priced") > value(row, "candidates"), string.Join(',', row));
            Assert.Equal(value(row, "network_latency_us"), value(row, "latency_us"));
        }

        Assert.Contains(rows, row => value(row, "q_search") < value(row, "q_ddlo"));
        Assert.Equal("teach", result.Json.GetProperty("learner").GetProperty("device_search_role").GetString());
        var policies = result.Json.GetProperty("policies");
        var learner = policies.GetProperty("ddlo");
        var search = policies.GetProperty("ddlo (its search)");
        Assert.True(search.GetProperty("mean_gain_ratio").GetDouble() >= learner.GetProperty("mean_gain_ratio").GetDouble());
        Assert.True(search.GetProperty("priced_per_slot").GetDouble() > learner.GetProperty("priced_per_slot").GetDouble());
        Assert.True(learner.GetProperty("latency_us_p50").GetDouble() > 0);
        Assert.Equal(512, policies.GetProperty("optimum").GetProperty("priced_per_slot").GetDouble());
        Assert.Equal(rows.Average(row => value(row, "priced")), result.Json.GetProperty("mean_priced_per_slot").GetDouble(), 9);
    }

    [Fact]
    public void Should_run_heterogeneous_faded_devices_and_say_so_in_the_table_and_summary()
    {
        var result = DdloProcess.Run(
            "simulate", "--steps", "300", "--set", "channel.enabled=on", "--set", "channel.fading=rician",
            "--set", "device-classes.phone.share=0.7", "--set", "device-classes.sensor.share=0.3",
            "--set", "device-classes.sensor.local-time-per-bit=1.9e-6", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(300, result.Json.GetProperty("slots_decided").GetInt64());
        var channel = result.Json.GetProperty("channel");
        Assert.Equal("rician", channel.GetProperty("fading").GetString());
        Assert.Equal(200, channel.GetProperty("farthest_m").GetDouble());
        var classes = result.Json.GetProperty("device_classes").EnumerateArray().ToList();
        Assert.Equal(["phone", "sensor"], classes.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal(1.9e-6, classes[1].GetProperty("local_time_per_bit").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, DdloProcess.Run("simulate", "--steps", "20", "--out", output + "-plain", "--json").Json.GetProperty("channel").ValueKind);
        Directory.Delete(output + "-plain", recursive: true);
    }

    [Fact]
    public void Should_write_a_lydroo_runs_queues_to_steps_the_summary_and_two_figures()
    {
        var result = DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/lydroo-10.conf", "--steps", "600", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("lydroo", result.Json.GetProperty("model").GetString());
        string[] lines = File.ReadAllLines(Path.Combine(output, "steps.csv"));
        Assert.EndsWith(",loss_k0,data_queue_mbit,energy_queue,arrivals_mbit,served_mbit,energy_j", lines[0], StringComparison.Ordinal);
        var last = lines[^1].Split(',');
        Assert.True(double.Parse(last[^5], CultureInfo.InvariantCulture) > 0, "the data queue is empty after 600 frames");
        var queues = result.Json.GetProperty("queues");
        Assert.Equal(0.08, queues.GetProperty("energy_budget_j").GetDouble());
        var law = queues.GetProperty("littles_law");
        Assert.InRange(law.GetProperty("relative_error").GetDouble(), 0, 0.1);
        foreach (string png in new[] { "queues.png", "energy.png" })
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(output, png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }

        Assert.DoesNotContain(Directory.GetFiles(output), f => f.Contains(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_run_a_baseline_through_the_same_pipeline_and_score_large_systems_against_the_dual_bound()
    {
        var result = DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/large-100x3.conf", "--steps", "60", "--policy", "edge", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("edge", result.Json.GetProperty("policy").GetString());
        Assert.Equal("dual", result.Json.GetProperty("optimum_source").GetString());
        double gap = result.Json.GetProperty("worst_certified_gap").GetDouble();
        Assert.InRange(gap, 0, 1e-4);
        var policies = result.Json.GetProperty("policies");
        Assert.Equal(60, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.True(policies.GetProperty("optimum").GetProperty("mean_q").GetDouble() <= policies.GetProperty("edge").GetProperty("mean_q").GetDouble());
        Assert.True(File.Exists(Path.Combine(output, "policies.png")));
    }

    [Fact]
    public void Should_decide_a_taught_large_scenario_by_one_network_and_report_its_search_beside()
    {
        var result = DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/large-100x3-taught.conf", "--steps", "40", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = result.Json;
        Assert.Equal(1, summary.GetProperty("dnn_count").GetInt32());
        Assert.Equal("teach", summary.GetProperty("learner").GetProperty("device_search_role").GetString());
        var policies = summary.GetProperty("policies");
        // The decision prices its network's two candidates; its search, off the path, prices far more and is never worse.
        Assert.Equal(2, policies.GetProperty("ddlo").GetProperty("priced_per_slot").GetDouble());
        var search = policies.GetProperty("ddlo (its search)");
        Assert.True(search.GetProperty("priced_per_slot").GetDouble() > 100, search.ToString());
        Assert.True(search.GetProperty("mean_q").GetDouble() <= policies.GetProperty("ddlo").GetProperty("mean_q").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, search.GetProperty("latency_us_p50").ValueKind);
    }

    [Fact]
    public void Should_run_the_moving_faded_classed_scenario_and_name_its_world_in_the_summary()
    {
        var result = DdloProcess.Run("simulate", "--scenario", "hocon/scenarios/moving-100x3-taught.conf", "--steps", "40", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = result.Json;
        Assert.Equal(40, summary.GetProperty("slots_decided").GetInt64());
        Assert.Equal("dual", summary.GetProperty("optimum_source").GetString());
        Assert.Equal("rayleigh", summary.GetProperty("channel").GetProperty("fading").GetString());
        Assert.Equal("random-waypoint", summary.GetProperty("mobility").GetProperty("model").GetString());
        Assert.Equal(["phone", "sensor"], summary.GetProperty("device_classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.InRange(summary.GetProperty("worst_certified_gap").GetDouble(), 0, 1e-3);
    }

    /// <summary>Every scenario the repository ships loads: its keys are known and its values valid.</summary>
    [Fact]
    public void Should_load_every_shipped_scenario()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "hocon", "scenarios"), "*.conf");

        Assert.Contains(files, f => f.EndsWith("moving-100x3-taught.conf", StringComparison.Ordinal));
        Assert.All(files, file => Assert.True(Ddlo.Actors.Configuration.Scenario.Load(file, Array.Empty<string>()).Settings.Run.Steps > 0, file));
    }

    [Fact]
    public void Should_write_a_figure_that_was_not_measured_as_null_in_json_and_report_the_set_up_apart()
    {
        var result = DdloProcess.Run("simulate", "--steps", "300", "--set", "run.score-against-optimum=off", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("gain_ratio").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("policies").GetProperty("optimum").GetProperty("mean_q").ValueKind);
        Assert.DoesNotContain("NaN", File.ReadAllText(Path.Combine(output, "summary.json")), StringComparison.Ordinal);
        Assert.True(result.Json.GetProperty("setup_seconds").GetDouble() > 0);
        Assert.True(result.Json.GetProperty("elapsed_seconds").GetDouble() > 0);
    }
}
