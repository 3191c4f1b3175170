using System.Globalization;
using Ddlo.Hosting.Cluster;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// <c>ddlo experiment --cluster</c> with <c>ddlo node --role runs</c> processes over TCP on 127.0.0.1: the runs are
/// spread over the nodes, a node SIGKILLed mid-experiment has its runs re-run on the other, and the CSV is the one a
/// single process writes.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ExperimentClusterTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"ddlo-farm-{Guid.NewGuid():N}");

    public ExperimentClusterTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>Four runs of the paper's system, K = 1 and 2 over two seeds, long enough to be killed in.</summary>
    private string ExperimentFile() => ExperimentFile("four", "[1, 2]", repetitions: 2, steps: 4000);

    /// <summary>A convergence experiment of the paper's system over K = <paramref name="dnnCounts"/>, written to NAME.conf.</summary>
    private string ExperimentFile(string name, string dnnCounts, int repetitions, int steps)
    {
        string file = Path.Combine(directory, $"{name}.conf");
        File.WriteAllText(file, $$"""
            experiment {
              title = "{{name}}"
              kind = convergence
              sweep { key = ddlo.learning.dnn-count, values = {{dnnCounts}} }
              policies = [ddlo]
              repetitions = {{repetitions}}
              steps = {{steps}}
            }
            """);
        return file;
    }

    [Fact]
    public async Task Should_write_the_csv_of_one_process_when_a_runs_node_is_killed_mid_experiment()
    {
        string file = ExperimentFile();
        string alone = Path.Combine(directory, "alone");
        var single = DdloProcess.Run("experiment", "--file", file, "--out", alone, "--json");
        Assert.True(single.ExitCode == 0, single.ToString());

        int port = LoopbackPorts.FindFree();
        int workerPort = LoopbackPorts.FindFree();
        while (workerPort == port)
        {
            workerPort = LoopbackPorts.FindFree();
        }

        using var worker = DdloProcess.Start("node", "--role", "runs", "--port", workerPort.ToString(CultureInfo.InvariantCulture), "--seed", $"127.0.0.1:{port}");
        string farmed = Path.Combine(directory, "farmed");
        using var experiment = DdloProcess.StartReading(
            "experiment", "--file", file, "--out", farmed, "--json", "--cluster", "--port", port.ToString(CultureInfo.InvariantCulture), "--nodes", "2");
        var stdout = experiment.StandardOutput.ReadToEndAsync();
        var stderr = new List<string>();
        string workerAddress = $"akka.tcp://ddlo@127.0.0.1:{workerPort}";
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await experiment.StandardError.ReadLineAsync(deadline.Token) is { } line)
        {
            stderr.Add(line);
            if (line.Contains($"started on {workerAddress}", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.True(stderr.Any(l => l.Contains(workerAddress, StringComparison.Ordinal)), string.Join('\n', stderr));
        worker.Kill();
        stderr.AddRange((await experiment.StandardError.ReadToEndAsync(deadline.Token)).Split('\n'));
        await experiment.WaitForExitAsync(deadline.Token);
        string log = string.Join('\n', stderr);

        Assert.True(experiment.ExitCode == 0, $"exit {experiment.ExitCode}\n{await stdout}\n{log}");
        Assert.Contains(stderr, l => l.StartsWith($"ddlo experiment: node {workerAddress} is lost; its unfinished runs (", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(alone, "four.csv")), File.ReadAllText(Path.Combine(farmed, "four.csv")));
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_how_many_runs_nodes_joined_when_too_few_do_in_time()
    {
        var result = DdloProcess.Run("experiment", "--file", ExperimentFile(), "--out", Path.Combine(directory, "out"), "--cluster", "--nodes", "2", "--join-timeout", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ddlo: error: 1 of the 2 nodes that take runs joined within 2 s: start `ddlo node --role runs --seed <this node's address>`", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "out")), "an experiment whose cluster never formed made its folder");
    }

    [Fact]
    public void Should_fail_a_run_no_node_finishes_within_the_run_timeout_naming_the_node_and_the_timeout()
    {
        // One run far longer than a second.
        string file = ExperimentFile("slow", "[1]", repetitions: 1, steps: 1000000);

        var result = DdloProcess.Run("experiment", "--file", file, "--out", Path.Combine(directory, "slow"), "--cluster", "--run-timeout", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("was not finished on akka.tcp://ddlo@127.0.0.1:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("failed on every node that took it: akka.tcp://ddlo@127.0.0.1:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not finished within 1 s (the run timeout)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nodes=0", "--nodes: expected at least 1 (this node), got 0.")]
    [InlineData("--port=4053", "--port, --hostname, --seed, --nodes, --join-timeout and --run-timeout shape the cluster of --cluster: give --cluster too.")]
    [InlineData("--run-timeout=60", "--port, --hostname, --seed, --nodes, --join-timeout and --run-timeout shape the cluster of --cluster: give --cluster too.")]
    [InlineData("--cluster --run-timeout=0", "--run-timeout: expected a whole number of seconds, at least 1, got 0.")]
    [InlineData("--cluster --seed=nowhere", "--seed")]
    [InlineData("--cluster --port=70000", "--port must be in 0..65535, got 70000.")]
    public void Should_refuse_bad_cluster_options_in_one_line_before_making_a_folder(string options, string expected)
    {
        string output = Path.Combine(directory, "refused");

        var result = DdloProcess.Run(["experiment", "--file", ExperimentFile(), "--out", output, .. options.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output), "a refused experiment made its folder");
    }
}
