using System.Globalization;

namespace Ddlo.Cli.Tests;

/// <summary>
/// A plug-in policy named by its Name wherever a policy is named (simulate, evaluate, experiment files), as by its type
/// name. The fixture's plug-in holds a type whose constructor never returns, so each run gives the plug-ins' start a
/// short timeout: asking every type its name costs one timeout, not the default minute.
/// </summary>
public sealed class PluginNameTests(PluginBuild plugin) : IClassFixture<PluginBuild>, IDisposable
{
    private const string Dataset = "samples/data/opt-3x3-150mbps.csv";
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-plugin-names-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private string[] Plugins => ["--set", $"plugins=[\"{plugin.Assembly}\"]", "--set", "run.plugin-start-timeout=2s"];

    [Fact]
    public void Should_run_a_plugin_named_by_its_Name_beside_the_built_ins_as_it_runs_named_by_its_type()
    {
        string series = Path.Combine(output, "series");
        string byType = Path.Combine(output, "by-type");

        var side = DdloProcess.Run(["simulate", "--policy", "ddlo,edge,threshold", "--steps", "300", "--out", series, "--json", .. Plugins]);
        var alone = DdloProcess.Run(["simulate", "--policy", "MyLab.Policies.ThresholdPolicy", "--steps", "300", "--out", byType, "--json", .. Plugins]);

        Assert.True(side.ExitCode == 0, side.ToString());
        Assert.True(alone.ExitCode == 0, alone.ToString());
        var deciding = side.Json.GetProperty("policies").EnumerateArray()
            .Where(p => p.GetProperty("decides").GetBoolean()).Select(p => p.GetProperty("policy").GetString()).ToList();
        Assert.Equal(["ddlo", "edge", "threshold"], deciding);
        var runs = File.ReadAllLines(Path.Combine(series, "runs.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Contains(runs, r => r[0] == "threshold" && r[2] == "threshold" && r[^1] == "threshold-seed-1");
        Assert.Equal(
            Commands.ResumeTests.WithoutLatency(Path.Combine(byType, "steps.csv")),
            Commands.ResumeTests.WithoutLatency(Path.Combine(series, "threshold-seed-1", "steps.csv")));
    }

    [Fact]
    public void Should_name_a_plugin_by_its_Name_in_an_experiments_csv_report_and_legend_however_the_file_names_it()
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, "named.conf");
        File.WriteAllText(file, $$"""
            experiment {
              kind = sweep
              sweep { key = system.beta, values = [0.5, 2.0] }
              policies = [edge, threshold, "MyLab.Policies.ThresholdBandit"]
              repetitions = 1
              steps = 200
              set = ["ddlo.plugins=[\"{{plugin.Assembly}}\"]", "ddlo.run.plugin-start-timeout=2s", "ddlo.policies.threshold.threshold-mb=20"]
            }
            """);

        var result = DdloProcess.Run("experiment", "--file", file, "--out", Path.Combine(output, "results"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "results", "named.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(["edge", "threshold", "bandit"], rows.Select(r => r[3]).Distinct());
        Assert.All(rows.Where(r => r[3] == "threshold"), r => Assert.InRange(double.Parse(r[5], CultureInfo.InvariantCulture), 0.5, 1.0));
        // The report's table headings are the legend's labels (one function names both).
        string report = File.ReadAllText(Path.Combine(output, "results", "report.md"));
        Assert.Contains("| threshold: value | threshold: gain ratio | bandit: value | bandit: gain ratio |", report, StringComparison.Ordinal);
        Assert.DoesNotContain("MyLab.Policies.ThresholdBandit", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_evaluate_a_list_of_policies_into_one_table_each_row_its_own_evaluation()
    {
        string[] policies = ["exhaustive", "edge", "threshold"];

        var list = DdloProcess.Run(["evaluate", "--dataset", Dataset, "--policy", string.Join(',', policies), "--json", .. Plugins]);
        var table = DdloProcess.Run(["evaluate", "--dataset", Dataset, "--policy", string.Join(',', policies), .. Plugins]);

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        var rows = list.Json.EnumerateArray().ToList();
        Assert.Equal(policies, rows.Select(r => r.GetProperty("policy").GetString()));
        foreach (var (policy, row) in policies.Zip(rows))
        {
            var alone = DdloProcess.Run(["evaluate", "--dataset", Dataset, "--policy", policy, "--json", .. Plugins]);
            Assert.True(alone.ExitCode == 0, alone.ToString());
            foreach (string figure in new[] { "rows", "mean_gain_ratio", "min_gain_ratio", "mean_q", "max_rel_error", "worst_line" })
            {
                Assert.Equal(alone.Json.GetProperty(figure).GetDouble(), row.GetProperty(figure).GetDouble());
            }

            Assert.Contains($"│ {policy} ", table.Stdout, StringComparison.Ordinal);
        }

        Assert.Single(table.Stdout.Split('\n'), line => line.Contains("mean gain", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_keep_a_type_names_assembly_with_it_in_a_list_of_policies()
    {
        var result = DdloProcess.Run(["evaluate", "--dataset", Dataset, "--policy", "edge,MyLab.Policies.ThresholdPolicy, MyLab.Policies,local", "--json", .. Plugins]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["edge", "threshold", "local"], result.Json.EnumerateArray().Select(r => r.GetProperty("policy").GetString()));
    }

    public static TheoryData<string, string[]> Commands_that_name_a_policy() => new()
    {
        { "simulate", ["simulate", "--steps", "20", "--policy", "edge,thresold"] },
        { "evaluate", ["evaluate", "--dataset", Dataset, "--policy", "edge,thresold"] },
        { "experiment", [] },
    };

    [Theory]
    [MemberData(nameof(Commands_that_name_a_policy))]
    public void Should_refuse_an_unknown_policy_in_one_line_listing_the_built_ins_and_the_plugins_that_loaded(string command, string[] args)
    {
        string[] run = command == "experiment" ? ["experiment", "--file", Experiment("thresold"), "--out", Path.Combine(output, "results")] : [.. args, .. Plugins];

        var result = DdloProcess.Run(command == "experiment" ? run : [.. run, "--out", Path.Combine(output, "results")]);

        Assert.True(result.ExitCode == 2, $"{command}: {result}");
        Assert.Contains(
            "unknown policy 'thresold' for the mumt model; expected one of: ddlo, exhaustive, dual, coordinate-descent, local, edge, random, onnx, remote, or a plug-in: bandit (MyLab.Policies.ThresholdBandit), ",
            result.Stderr, StringComparison.Ordinal);
        string tail = ", threshold (MyLab.Policies.ThresholdPolicy), twin (MyLab.Broken.TwinA), twin (MyLab.Broken.TwinB) (not usable by name: MyLab.Broken.HangingConstructor, MyLab.Broken.ThrowingConstructor, MyLab.Broken.ThrowingName; name one by its type name to see why).";
        Assert.True(result.Stderr.Contains(tail, StringComparison.Ordinal), result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(output, "results")), $"{command}: a refused run must not leave a results folder");
    }

    [Fact]
    public void Should_say_how_to_load_plugins_when_an_unknown_policy_is_named_and_none_is_loaded()
    {
        var result = DdloProcess.Run("simulate", "--steps", "20", "--policy", "threshold", "--out", output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(
            "--policy threshold: ddlo.run.policy: unknown policy 'threshold' for the mumt model; expected one of: ddlo, exhaustive, dual, coordinate-descent, local, edge, random, onnx, remote; no plug-in is loaded (list plug-in assemblies in ddlo.plugins to name their policies by Name or type name).",
            result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Should_refuse_a_Name_two_plugins_share_naming_both_types()
    {
        var result = DdloProcess.Run(["simulate", "--steps", "20", "--policy", "twin", "--out", output, .. Plugins]);
        var byType = DdloProcess.Run(["simulate", "--steps", "20", "--policy", "MyLab.Broken.TwinA", "--out", Path.Combine(output, "a"), "--json", .. Plugins]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(
            "ddlo.run.policy: the plug-in policies MyLab.Broken.TwinA and MyLab.Broken.TwinB both name themselves 'twin'; name the one you mean by its type name.",
            result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(byType.ExitCode == 0, byType.ToString());
        Assert.Equal("twin", byType.Json.GetProperty("policy").GetString());
    }

    [Fact]
    public void Should_refuse_a_series_that_names_one_plugin_twice_by_Name_and_by_type()
    {
        var result = DdloProcess.Run(["simulate", "--steps", "20", "--policy", "threshold,MyLab.Policies.ThresholdPolicy", "--out", output, .. Plugins]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--policy: threshold and MyLab.Policies.ThresholdPolicy are both the policy 'threshold'; name it once.", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    private string Experiment(string policy)
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, "unknown.conf");
        File.WriteAllText(file, $$"""
            experiment {
              kind = sweep
              sweep { key = system.beta, values = [0.5, 2.0] }
              policies = [edge, {{policy}}]
              repetitions = 1
              steps = 50
              set = ["ddlo.plugins=[\"{{plugin.Assembly}}\"]", "ddlo.run.plugin-start-timeout=2s"]
            }
            """);
        return file;
    }
}
