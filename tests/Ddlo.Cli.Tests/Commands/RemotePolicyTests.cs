using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// A Python policy deciding inside <c>ddlo simulate</c> (<c>ddlo.run.policy = remote</c>, proto/ddlo_policy.proto):
/// each slot decided by the Python process, recorded under its name beside the baselines; learning from every slot's
/// outcome; a policy that is gone or slow costs degraded slots, not the run; and the bad inputs refused in one line.
/// </summary>
public sealed class RemotePolicyTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-remote-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Should_decide_every_slot_by_the_python_policy_and_record_it_under_its_name()
    {
        using var policy = PythonPolicy.Start("--fixed", "0.5", "--name", "half-mean");
        string output = Path.Combine(root, "fixed");

        var result = DdloProcess.Run("simulate", "--policy", "remote", "--steps", "40", "--set", $"remote-policy.address={policy.Address}",
            "--set", "results.decisions=on", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = result.Json;
        Assert.Equal("half-mean", summary.GetProperty("policy").GetString());
        Assert.Equal(40, summary.GetProperty("slots_decided").GetInt64());
        Assert.Equal(0, summary.GetProperty("degraded_slots").GetInt64());
        Assert.True(summary.GetProperty("policies").TryGetProperty("half-mean", out var row), summary.ToString());
        Assert.True(row.GetProperty("latency_us_p50").GetDouble() > 0);
        // Every decision is the Python rule's: offload a task above half the slot's mean size.
        var rows = File.ReadAllLines(Path.Combine(output, "decisions.csv")).Skip(1).Select(line => line.Split(',')).GroupBy(cells => cells[0]).ToList();
        Assert.Equal(40, rows.Count);
        foreach (var slot in rows)
        {
            var sizes = slot.SelectMany(cells => cells[2..5].Select(c => double.Parse(c, CultureInfo.InvariantCulture))).ToList();
            var bits = slot.SelectMany(cells => cells[5..8].Select(c => c == "1")).ToList();
            Assert.Equal(sizes.Select(size => size > 0.5 * sizes.Average()), bits);
        }

        Assert.Equal((40, 0), policy.Finish());
    }

    [Fact]
    public void Should_tell_a_learning_python_policy_every_slots_outcome()
    {
        using var policy = PythonPolicy.Start();

        var result = DdloProcess.Run("simulate", "--policy", "remote", "--steps", "120", "--set", $"remote-policy.address={policy.Address}", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("threshold-bandit", result.Json.GetProperty("policy").GetString());
        Assert.Equal(0, result.Json.GetProperty("degraded_slots").GetInt64());
        // The last slot's outcome reaches it when the run ends, after its last decision.
        Assert.Equal((120, 120), policy.Finish());
    }

    [Fact]
    public void Should_show_the_python_policy_beside_a_baseline_in_one_table()
    {
        using var policy = PythonPolicy.Start("--fixed", "1.0");

        var result = DdloProcess.Run("simulate", "--policy", "edge,remote", "--steps", "30", "--set", $"remote-policy.address={policy.Address}", "--out", Path.Combine(root, "series"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("threshold-bandit", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("edge", result.Stdout, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(Path.Combine(root, "series"), "summary.json", SearchOption.AllDirectories).Count() >= 2);
    }

    [Fact]
    public void Should_go_on_without_a_policy_that_is_gone_counting_its_slots_degraded()
    {
        using var policy = PythonPolicy.Start("--fixed", "0.5", "--exit-after", "15");

        var result = DdloProcess.Run("simulate", "--policy", "remote", "--steps", "50", "--set", $"remote-policy.address={policy.Address}", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(policy.Exited(TimeSpan.FromMinutes(1)));
        Assert.Equal(50, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(35, result.Json.GetProperty("degraded_slots").GetInt64());
    }

    [Fact]
    public void Should_go_on_without_a_policy_that_overruns_the_deadline()
    {
        using var policy = PythonPolicy.Start("--fixed", "0.5", "--delay-ms", "300");

        var result = DdloProcess.Run("simulate", "--policy", "remote", "--steps", "8", "--set", $"remote-policy.address={policy.Address}",
            "--set", "run.candidate-deadline=30ms", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(8, result.Json.GetProperty("slots_decided").GetInt64());
        Assert.Equal(8, result.Json.GetProperty("degraded_slots").GetInt64());
    }

    [Fact]
    public void Should_refuse_a_run_the_python_policy_does_not_serve_with_its_line()
    {
        using var policy = PythonPolicy.Start("--models", "wpmec");

        var result = DdloProcess.Run("simulate", "--policy", "remote", "--steps", "5", "--set", $"remote-policy.address={policy.Address}");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"ddlo: error: --set remote-policy.address={policy.Address}: ddlo.remote-policy.address: the policy server at http://{policy.Address} refused this run: threshold-bandit serves wpmec only, not mumt",
            result.Stderr.TrimEnd());
    }

    [Fact]
    public void Should_refuse_an_address_where_no_policy_answers_in_one_line()
    {
        int port = FreePort();

        var result = DdloProcess.Run("simulate", "--policy", "remote", "--steps", "5", "--set", $"remote-policy.address=127.0.0.1:{port}");

        Assert.True(result.ExitCode == 2, result.ToString());
        string line = Assert.Single(result.Stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"ddlo: error: --set remote-policy.address=127.0.0.1:{port}: ddlo.remote-policy.address: no policy server answers at http://127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.EndsWith("); start one (samples/python/remote_policy.py) or correct the address.", line, StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadSettings() => new()
    {
        { ["--set", "remote-policy.address=nohost:port"], "--set remote-policy.address=nohost:port: ddlo.remote-policy.address: expected the policy server's host:port (127.0.0.1:50070) or http://host:port, got 'nohost:port'." },
        { [], "--policy remote: ddlo.remote-policy.address: the remote policy needs an address: ddlo.remote-policy.address = \"127.0.0.1:50070\"." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Should_refuse_a_bad_remote_policy_setting_in_one_line(string[] args, string message)
    {
        var result = DdloProcess.Run(["simulate", "--policy", "remote", "--steps", "5", .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"ddlo: error: {message}", result.Stderr.TrimEnd());
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
