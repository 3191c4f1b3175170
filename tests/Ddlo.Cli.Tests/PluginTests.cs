using System.Diagnostics;
using System.Globalization;

namespace Ddlo.Cli.Tests;

/// <summary>
/// The sample plug-in (samples/plugins/MyLab.Policies), copied out of the repository and built there as a user would
/// build their own, with a few broken policies added for the error cases. Built once for all the plug-in tests.
/// </summary>
public sealed class PluginBuild : IDisposable
{
    public PluginBuild()
    {
        string root = RepositoryRoot();
        Directory = Path.Combine(Path.GetTempPath(), $"ddlo-plugin-{Guid.NewGuid():N}");
        string project = Path.Combine(Directory, "MyLab.Policies");
        System.IO.Directory.CreateDirectory(project);
        foreach (string file in System.IO.Directory.GetFiles(Path.Combine(root, "samples", "plugins", "MyLab.Policies")).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(project, "Broken.cs"), """
            using Ddlo.Core.Model;
            using Ddlo.Core.Policies;

            namespace MyLab.Broken;

            public sealed class NotAPolicy { }

            public sealed class ThrowingConstructor : IOffloadingPolicy
            {
                public ThrowingConstructor(MecModel model, int seed) => throw new InvalidOperationException("no licence for this model");
                public string Name => "never";
                public OffloadDecision Decide(Workload workload) => throw new NotSupportedException();
            }

            /// <summary>Fails on every slot whose first task is larger than 25 MB; offloads everything otherwise.</summary>
            public sealed class FlakyPolicy : IOffloadingPolicy
            {
                public string Name => "flaky";
                public OffloadDecision Decide(Workload workload) =>
                    workload.Sizes[0] > 25 ? throw new InvalidOperationException("the first task is too large") : OffloadDecision.Uniform(workload.TaskCount, offload: true);
            }

            /// <summary>Never answers: from the first slot whose first task is larger than 25 MB, Decide never returns.</summary>
            public sealed class HangingPolicy : IOffloadingPolicy
            {
                public string Name => "hanging";
                public OffloadDecision Decide(Workload workload)
                {
                    if (workload.Sizes[0] > 25)
                    {
                        Thread.Sleep(Timeout.Infinite);
                    }

                    return OffloadDecision.Uniform(workload.TaskCount, offload: true);
                }
            }

            /// <summary>Learns (counts outcomes, saved in checkpoints) until the 50th outcome, whose Learn never returns.</summary>
            public sealed class HangingLearner : ILearningPolicy, Ddlo.Core.Checkpoints.ICheckpointable
            {
                private long heard;
                public string Name => "hanging-learner";
                public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount, offload: heard % 2 == 0);
                public void Learn(SlotOutcome outcome)
                {
                    if (++heard == 50)
                    {
                        Thread.Sleep(Timeout.Infinite);
                    }
                }

                public void WriteState(BinaryWriter writer) => writer.Write(heard);
                public void ReadState(BinaryReader reader) => heard = reader.ReadInt64();
            }

            /// <summary>Proposes one decision fewer than there are tasks.</summary>
            public sealed class ShortPolicy : IOffloadingPolicy
            {
                public string Name => "short";
                public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount - 1, offload: true);
            }

            /// <summary>Slow but not hung: each answer takes ddlo.policies.slow.pause-ms.</summary>
            public sealed class SlowPolicy : IConfigurablePolicy
            {
                private int pause;
                public string Name => "slow";
                public void Configure(PolicyOptions options) => pause = options.Whole("pause-ms", 0, min: 0);
                public OffloadDecision Decide(Workload workload)
                {
                    Thread.Sleep(pause);
                    return OffloadDecision.Uniform(workload.TaskCount, offload: true);
                }
            }

            public sealed class HangingConstructor : IOffloadingPolicy
            {
                public HangingConstructor() => Thread.Sleep(Timeout.Infinite);
                public string Name => "never";
                public OffloadDecision Decide(Workload workload) => throw new NotSupportedException();
            }

            public sealed class ThrowingName : IOffloadingPolicy
            {
                public string Name => throw new InvalidOperationException("no name yet");
                public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount, offload: true);
            }

            public sealed class TwinA : IOffloadingPolicy
            {
                public string Name => "twin";
                public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount, offload: true);
            }

            public sealed class TwinB : IOffloadingPolicy
            {
                public string Name => "twin";
                public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount, offload: false);
            }
            """);
        var build = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q", $"-p:DdloHome={root}", "-o", Path.Combine(Directory, "out")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(build)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the sample plug-in did not build:\n{output}");
        }
    }

    /// <summary>The folder outside the repository that holds the plug-in's project and its build (out/).</summary>
    public string Directory { get; }

    public string Assembly => Path.Combine(Directory, "out", "MyLab.Policies.dll");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Ddlo.Actors.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Ddlo.Actors.sln not found above the test folder.");
    }
}

public sealed class PluginTests(PluginBuild plugin) : IClassFixture<PluginBuild>, IDisposable
{
    private const string Threshold = "MyLab.Policies.ThresholdPolicy";
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-plugin-run-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_run_a_plugin_policy_named_in_a_scenario_file_with_its_settings_and_report_it_by_its_name()
    {
        // Paths in a scenario file are relative to the file.
        string scenario = Path.Combine(plugin.Directory, "lab.conf");
        File.WriteAllText(scenario, $$"""
            ddlo.plugins = ["out/MyLab.Policies.dll"]
            ddlo.run { policy = {{Threshold}}, steps = 300 }
            ddlo.policies.threshold { threshold-mb = 0 }
            """);

        var everything = DdloProcess.Run("simulate", "--scenario", scenario, "--out", Path.Combine(output, "zero"), "--json");
        var nothing = DdloProcess.Run("simulate", "--scenario", scenario, "--set", "policies.threshold.threshold-mb=1000", "--out", Path.Combine(output, "all"), "--json");
        var middle = DdloProcess.Run("simulate", "--scenario", scenario, "--set", "policies.threshold.threshold-mb=20", "--out", Path.Combine(output, "20"), "--json");

        foreach (var result in new[] { everything, nothing, middle })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("threshold", result.Json.GetProperty("policy").GetString());
        }

        double Q(DdloProcess.Result result, string policy) => result.Json.GetProperty("policies").GetProperty(policy).GetProperty("mean_q").GetDouble();
        // Every task is larger than 0 MB and none larger than 1000 MB: the setting reached the policy.
        Assert.Equal(Q(everything, "edge"), Q(everything, "threshold"), 9);
        Assert.Equal(Q(nothing, "local"), Q(nothing, "threshold"), 9);
        double gain = middle.Json.GetProperty("policies").GetProperty("threshold").GetProperty("mean_gain_ratio").GetDouble();
        Assert.InRange(gain, 0.5, 1.0);
        Assert.NotEqual(Q(middle, "edge"), Q(middle, "threshold"));
        Assert.True(File.Exists(Path.Combine(output, "20", "steps.csv")));
    }

    [Fact]
    public void Should_evaluate_a_plugin_policy_on_the_published_data_set()
    {
        var edge = DdloProcess.Run("evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--policy", "edge", "--json");
        var plugged = DdloProcess.Run(
            "evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--policy", Threshold,
            "--set", $"plugins=[\"{plugin.Assembly}\"]", "--set", "policies.threshold.threshold-mb=0", "--json");

        Assert.True(plugged.ExitCode == 0, plugged.ToString());
        Assert.Equal("threshold", plugged.Json.GetProperty("policy").GetString());
        Assert.Equal(edge.Json.GetProperty("mean_gain_ratio").GetDouble(), plugged.Json.GetProperty("mean_gain_ratio").GetDouble(), 12);
    }

    [Theory]
    [InlineData("MyLab.Broken.FlakyPolicy", "(MyLab.Broken.FlakyPolicy) failed on workload 4: it threw InvalidOperationException: the first task is too large.")]
    [InlineData("MyLab.Broken.ShortPolicy", "(MyLab.Broken.ShortPolicy) failed on workload 1: it proposed 8 decisions for 9 tasks.")]
    [InlineData("MyLab.Broken.HangingPolicy", "(MyLab.Broken.HangingPolicy) failed on workload 4: it did not answer within 1 s (ddlo.run.candidate-deadline).")]
    public void Should_end_an_evaluation_whose_plugin_policy_fails_on_a_row_in_one_line(string policy, string message)
    {
        var result = DdloProcess.Run(
            "evaluate", "--dataset", "samples/data/opt-3x3-150mbps.csv", "--policy", policy,
            "--set", $"plugins=[\"{plugin.Assembly}\"]", "--set", "run.candidate-deadline=1s");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Should_compare_a_plugin_policy_with_the_baselines_in_an_experiment()
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, "plug.conf");
        File.WriteAllText(file, $$"""
            experiment {
              kind = energy
              sweep { key = system.beta, values = [0.5, 2.0] }
              policies = [local, edge, "{{Threshold}}"]
              repetitions = 1
              steps = 200
              set = ["ddlo.plugins=[\"{{plugin.Assembly}}\"]", "ddlo.policies.threshold.threshold-mb=20"]
            }
            """);

        var result = DdloProcess.Run("experiment", "--file", file, "--out", Path.Combine(output, "results"), "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "results", "plug.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(2, rows.Count(r => r[3] == "threshold"));
        Assert.All(rows.Where(r => r[3] == "threshold"), r => Assert.InRange(double.Parse(r[5], CultureInfo.InvariantCulture), 0.5, 1.0));
    }

    [Fact]
    public void Should_decide_a_slot_without_a_policy_that_throws_on_it_and_go_on()
    {
        // A deadline far longer than the test's own: a failing slot must not wait for it.
        var result = DdloProcess.Run(
            "simulate", "--policy", "MyLab.Broken.FlakyPolicy", "--steps", "200", "--set", $"plugins=[\"{plugin.Assembly}\"]",
            "--set", "run.candidate-deadline=1h", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        long degraded = result.Json.GetProperty("degraded_slots").GetInt64();
        Assert.Equal(200, result.Json.GetProperty("slots_decided").GetInt64());
        // Task sizes are uniform on [10, 30] MB: about a quarter of the slots start with a task above 25 MB.
        Assert.InRange(degraded, 20, 100);
        Assert.Contains("Policy flaky failed on slot", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        var steps = File.ReadAllLines(Path.Combine(output, "steps.csv"));
        Assert.Equal(200, steps.Length - 1);
    }

    [Fact]
    public void Should_end_a_run_whose_policy_never_answers_with_its_slots_decided_without_it()
    {
        // From the first slot whose first task is above 25 MB, Decide never returns: that slot waits out the deadline,
        // every later one is decided at once without the policy, and the run ends.
        var result = DdloProcess.Run(
            "simulate", "--policy", "MyLab.Broken.HangingPolicy", "--steps", "300", "--set", $"plugins=[\"{plugin.Assembly}\"]",
            "--set", "run.candidate-deadline=1s", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(300, result.Json.GetProperty("slots_decided").GetInt64());
        var rows = File.ReadAllLines(Path.Combine(output, "steps.csv")).Skip(1).Select(row => row.Split(',')).ToList();
        int degradedColumn = Array.IndexOf(File.ReadLines(Path.Combine(output, "steps.csv")).First().Split(','), "degraded");
        int firstDegraded = rows.FindIndex(row => row[degradedColumn] != "0");
        Assert.InRange(firstDegraded, 0, 299);
        Assert.All(rows.Skip(firstDegraded), row => Assert.NotEqual("0", row[degradedColumn]));
        Assert.Equal(300 - firstDegraded, result.Json.GetProperty("degraded_slots").GetInt64());
        Assert.Contains($"Policy hanging did not answer slot {firstDegraded} within", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_stop_a_run_whose_learning_policy_hangs_at_SIGTERM_with_a_checkpoint_that_resumes_without_its_state()
    {
        string folder = Path.Combine(output, "hung");
        string[] simulate =
        [
            "simulate", "--policy", "MyLab.Broken.HangingLearner", "--steps", "20000", "--set", $"plugins=[\"{plugin.Assembly}\"]",
            "--set", "run.candidate-deadline=1s", "--set", "run.checkpoint-interval=1000", "--out", folder, "--json",
        ];

        using (var running = DdloProcess.Start(simulate))
        {
            Commands.ResumeTests.WaitForCheckpoint(folder, running.Process);
            using (var kill = Process.Start("kill", ["-TERM", running.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            var stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(stopped.ExitCode == 143, stopped.ToString());
            Assert.Contains("the checkpoint holds none of its state", stopped.Stderr, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(folder, "checkpoint.bin")));
        var resumed = DdloProcess.Run("simulate", "--resume", folder, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(20000, resumed.Json.GetProperty("slots_decided").GetInt64());
        Assert.Contains("has no saved state in the checkpoint", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(20000, File.ReadAllLines(Path.Combine(folder, "steps.csv")).Length - 1);
    }

    [Fact]
    public void Should_refuse_an_experiment_of_two_plugin_policies_that_name_themselves_alike_naming_both()
    {
        Directory.CreateDirectory(output);
        string file = Path.Combine(output, "twins.conf");
        File.WriteAllText(file, $$"""
            experiment {
              kind = energy
              sweep { key = system.beta, values = [0.5, 2.0] }
              policies = [local, "MyLab.Broken.TwinA", "MyLab.Broken.TwinB"]
              repetitions = 1
              steps = 50
              set = ["ddlo.plugins=[\"{{plugin.Assembly}}\"]"]
            }
            """);

        var result = DdloProcess.Run("experiment", "--file", file, "--out", Path.Combine(output, "results"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("MyLab.Broken.TwinA and MyLab.Broken.TwinB both name themselves 'twin'", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(output, "results")));
    }

    [Fact]
    public void Should_tell_a_learning_policy_every_outcome_and_resume_what_it_learned_from_a_checkpoint()
    {
        string[] Simulate(string folder) =>
        [
            "simulate", "--policy", "MyLab.Policies.ThresholdBandit", "--steps", "20000", "--set", $"plugins=[\"{plugin.Assembly}\"]",
            "--set", "run.checkpoint-interval=1000", "--out", Path.Combine(output, folder), "--json",
        ];

        var whole = DdloProcess.Run(Simulate("whole"));

        Assert.True(whole.ExitCode == 0, whole.ToString());
        Assert.Equal("bandit", whole.Json.GetProperty("policy").GetString());
        var rows = File.ReadAllLines(Path.Combine(output, "whole", "steps.csv")).Skip(1).Select(row => row.Split(',')).ToList();
        double tail = whole.Json.GetProperty("gain_ratio").GetDouble();
        double local = whole.Json.GetProperty("policies").GetProperty("local").GetProperty("mean_gain_ratio").GetDouble();
        // It starts from running everything locally and would stay there (the arm never credited) unless the
        // outcomes taught it better: that it ends far above local-only shows it learns from them.
        Assert.Equal(double.Parse(rows[0][4], CultureInfo.InvariantCulture), double.Parse(rows[0][1], CultureInfo.InvariantCulture), 6);
        Assert.True(tail > local + 0.3, $"tail {tail} against local-only {local}");

        string stoppedFolder = Path.Combine(output, "stopped");
        using (var running = DdloProcess.Start(Simulate("stopped")))
        {
            Commands.ResumeTests.WaitForCheckpoint(stoppedFolder, running.Process);
            using (var kill = Process.Start("kill", ["-TERM", running.Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            var stopped = running.WaitForExit(TimeSpan.FromMinutes(2));
            Assert.True(stopped.ExitCode == 143, stopped.ToString());
        }

        var resumed = DdloProcess.Run("simulate", "--resume", stoppedFolder, "--json");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        // The arms' means and the random stream came back from the checkpoint: every decision is the uninterrupted run's.
        Assert.Equal(
            Commands.ResumeTests.WithoutLatency(Path.Combine(output, "whole", "steps.csv")),
            Commands.ResumeTests.WithoutLatency(Path.Combine(stoppedFolder, "steps.csv")));
    }

    [Fact]
    public void Should_show_the_sample_plugin_in_the_readme_as_it_is()
    {
        string root = PluginBuild.RepositoryRoot();
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));

        foreach (string file in new[] { "MyLab.Policies.csproj", "ThresholdPolicy.cs" })
        {
            Assert.Contains(File.ReadAllText(Path.Combine(root, "samples", "plugins", "MyLab.Policies", file)), readme, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string[], string> BadPlugins() => new()
    {
        { "missing file", ["--set", "plugins=[\"no-such.dll\"]", "--policy", Threshold], "ddlo.plugins: " + Path.Combine(AppContext.BaseDirectory, "no-such.dll") + ": file not found." },
        { "not an assembly", ["--set", "plugins=[\"{dir}/lab.txt\"]", "--policy", Threshold], "lab.txt: not a .NET assembly." },
        { "type not found", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Policies.Greedy"], "ddlo.run.policy: no type 'MyLab.Policies.Greedy' in the plug-ins (MyLab.Policies.dll)." },
        { "not a policy", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Broken.NotAPolicy"], "ddlo.run.policy: MyLab.Broken.NotAPolicy does not implement Ddlo.Core.Policies.IOffloadingPolicy." },
        { "constructor throws", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Broken.ThrowingConstructor"], "ddlo.run.policy: the constructor of MyLab.Broken.ThrowingConstructor threw InvalidOperationException: no licence for this model" },
        { "no plug-in listed", ["--policy", Threshold], "and no plug-in is loaded: list its assembly in ddlo.plugins." },
        { "bad setting", ["--set", "plugins=[\"{dll}\"]", "--policy", Threshold, "--set", "policies.threshold.threshold-mb=-3"], "ddlo.policies.threshold.threshold-mb: expected a number in [0, inf], got '-3'" },
        { "unknown setting", ["--set", "plugins=[\"{dll}\"]", "--policy", Threshold, "--set", "policies.threshold.treshold-mb=3"], "ddlo.policies.threshold.treshold-mb: unknown key; the policy 'threshold' does not read it." },
        { "Name throws", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Broken.ThrowingName"], "ddlo.run.policy: MyLab.Broken.ThrowingName (in MyLab.Policies.dll): its Name threw InvalidOperationException: no name yet" },
        { "type not found, with what there is", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Policies.Greedy"], "Their policies: MyLab.Broken.FlakyPolicy, " },
        { "constructor never returns", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Broken.HangingConstructor", "--set", "run.plugin-start-timeout=1s"], "ddlo.run.policy: MyLab.Broken.HangingConstructor (in MyLab.Policies.dll) did not finish starting within 1 s (ddlo.run.plugin-start-timeout): its constructor, Name or Configure does not return." },
        { "settings for a policy that takes none", ["--set", "plugins=[\"{dll}\"]", "--policy", "MyLab.Broken.FlakyPolicy", "--set", "policies.flaky.rate=3"], "ddlo.policies.flaky: the policy 'flaky' takes no settings" },
    };

    [Theory]
    [MemberData(nameof(BadPlugins))]
    public void Should_refuse_a_bad_plugin_in_one_line_before_anything_runs(string problem, string[] args, string message)
    {
        File.WriteAllText(Path.Combine(plugin.Directory, "lab.txt"), "not an assembly");
        string[] filled = [.. args.Select(a => a.Replace("{dll}", plugin.Assembly, StringComparison.Ordinal).Replace("{dir}", plugin.Directory, StringComparison.Ordinal))];

        var result = DdloProcess.Run(["simulate", "--steps", "20", "--out", output, .. filled]);

        Assert.True(result.ExitCode == 2, $"{problem}: {result}");
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), $"{problem}: a refused run must not leave a results folder");
    }
}
