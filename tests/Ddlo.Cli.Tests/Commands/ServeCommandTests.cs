using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Ddlo.Cli.Tests.Commands;

/// <summary>
/// <c>ddlo serve</c> as a user runs it: its bad options refused in one line, and a Python agent stepping it whose
/// rewards are what <c>ddlo solve</c> prints and whose slots are those <c>ddlo simulate --seed</c> decides.
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("ddlo-serve-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    public static TheoryData<string[], string> BadOptions() => new()
    {
        { ["serve"], "--port is required (0 for any free port), e.g. --port 50051" },
        { ["serve", "--port", "70000"], "--port must be a port number from 0 to 65535, got 70000." },
        { ["serve", "--port", "fifty"], "--port: expected a whole number, got 'fifty'." },
        { ["serve", "--port", "0", "--host", " "], "--host: expected an address to bind, such as 127.0.0.1, got an empty name." },
        { ["serve", "--port", "0", "--host", "nosuchhost.invalid"], "--host: cannot resolve the host 'nosuchhost.invalid'." },
        { ["serve", "--port", "0", "--set", "system.devics=4"], "--set system.devics=4: ddlo.system.devics: unknown key (did you mean 'ddlo.system.devices'?)." },
        { ["serve", "--port", "0", "--scenario", "hocon/scenarios/missing.conf"], "hocon/scenarios/missing.conf: scenario file not found." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Should_refuse_a_bad_option_in_one_line(string[] args, string message)
    {
        var result = DdloProcess.Run(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"ddlo: error: {message}", result.Stderr.TrimEnd());
    }

    [Fact]
    public void Should_refuse_a_port_in_use_in_one_line()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var result = DdloProcess.Run("serve", "--port", port.ToString(CultureInfo.InvariantCulture));

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Equal($"ddlo: error: --port {port}: already in use on 127.0.0.1; choose another port, or 0 for any free one.", result.Stderr.TrimEnd());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Should_serve_a_python_agent_the_slots_simulate_decides_priced_as_solve_prices_them()
    {
        using var server = DdloProcess.StartReading("serve", "--port", "0", "--json");
        var listening = JsonDocument.Parse(await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) ?? "{}").RootElement;
        int port = listening.GetProperty("port").GetInt32();

        var steps = Python("ddlo_env/record.py", "--target", $"127.0.0.1:{port}", "--seed", "4", "--steps", "3", "--decisions", "110011011,001100110,111000111");
        string output = Path.Combine(root, "simulate");
        var simulated = DdloProcess.Run("simulate", "--seed", "4", "--steps", "3", "--policy", "local", "--decisions", "--out", output, "--json");
        Assert.True(simulated.ExitCode == 0, simulated.ToString());
        var rows = File.ReadAllLines(Path.Combine(output, "decisions.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var optima = File.ReadAllLines(Path.Combine(output, "steps.csv")).Skip(1).Select(line => double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture)).ToList();

        Assert.Equal(3, steps.Count);
        foreach (var step in steps)
        {
            int slot = step.GetProperty("slot").GetInt32();
            double[] workload = [.. step.GetProperty("workload").EnumerateArray().Select(v => v.GetDouble())];
            double[] simulatedWorkload = [.. rows.Where(r => r[0] == slot.ToString(CultureInfo.InvariantCulture)).SelectMany(r => r[2..5]).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
            Assert.Equal(simulatedWorkload, workload);
            Assert.Equal(optima[slot], step.GetProperty("optimum").GetDouble());

            var solved = DdloProcess.Run("solve", "--json", "--workload", string.Join(',', workload.Select(v => v.ToString(CultureInfo.InvariantCulture))), "--decision", step.GetProperty("decision").GetString()!);
            Assert.True(solved.ExitCode == 0, solved.ToString());
            double q = solved.Json.GetProperty("q").GetDouble();
            Assert.Equal(BitConverter.DoubleToInt64Bits(q), BitConverter.DoubleToInt64Bits(step.GetProperty("value").GetDouble()));
            Assert.Equal(BitConverter.DoubleToInt64Bits(-q), BitConverter.DoubleToInt64Bits(step.GetProperty("reward").GetDouble()));
            Assert.Equal(solved.Json.GetProperty("bandwidth").EnumerateArray().Select(v => v.GetDouble()), step.GetProperty("allocation").EnumerateArray().Select(v => v.GetDouble()));
        }

        using var term = Process.Start("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync();
        await server.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, server.ExitCode);
        Assert.Contains("SIGTERM: closing every connection and stopping", await server.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_serve_lydroo_frames_whose_queues_and_values_follow_simulate_for_the_same_decisions()
    {
        const string Scenario = "hocon/scenarios/lydroo-10.conf";
        using var server = DdloProcess.StartReading("serve", "--port", "0", "--json", "--scenario", Scenario);
        var listening = JsonDocument.Parse(await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) ?? "{}").RootElement;
        int port = listening.GetProperty("port").GetInt32();

        var steps = Python("ddlo_env/record.py", "--target", $"127.0.0.1:{port}", "--seed", "2", "--steps", "6", "--decisions", "0000000000");
        string output = Path.Combine(root, "lydroo");
        var simulated = DdloProcess.Run("simulate", "--scenario", Scenario, "--seed", "2", "--steps", "6", "--policy", "local", "--decisions", "--out", output);
        Assert.True(simulated.ExitCode == 0, simulated.ToString());
        var frames = File.ReadAllLines(Path.Combine(output, "steps.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        var devices = File.ReadAllLines(Path.Combine(output, "decisions.csv")).Skip(1).Select(line => line.Split(',')).ToList();

        Assert.Equal(6, steps.Count);
        foreach (var step in steps)
        {
            int slot = step.GetProperty("slot").GetInt32();
            double[] observation = [.. step.GetProperty("workload").EnumerateArray().Select(v => v.GetDouble())];
            var rows = devices.Where(r => r[0] == slot.ToString(CultureInfo.InvariantCulture)).OrderBy(r => int.Parse(r[1], CultureInfo.InvariantCulture)).ToList();
            // The observation: the channel gains, then the data queues, then the energy queues, as the devices reported them.
            double[] reported = [.. new[] { 2, 4, 5 }.SelectMany(column => rows.Select(r => double.Parse(r[column], CultureInfo.InvariantCulture)))];
            Assert.Equal(reported, observation);
            Assert.Equal(double.Parse(frames[slot][1], CultureInfo.InvariantCulture), step.GetProperty("value").GetDouble());
            Assert.Equal(double.Parse(frames[slot][2], CultureInfo.InvariantCulture), step.GetProperty("optimum").GetDouble());
        }

        Assert.Contains(steps[^1].GetProperty("workload").EnumerateArray().Skip(10), queue => queue.GetDouble() > 0);
    }

    /// <summary>record.py's step lines, run by Debian's python3 on the package copied beside the tests.</summary>
    private static List<JsonElement> Python(params string[] args) =>
        [.. PythonScript.Run(TimeSpan.FromMinutes(2), args).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => JsonDocument.Parse(line).RootElement)];
}
