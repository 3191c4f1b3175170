using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ddlo.Actors.Cluster;

namespace Ddlo.Cli.Tests;

/// <summary><c>simulate --metrics-port</c>: Prometheus metrics scraped over HTTP while a run goes on.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-metrics-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_serve_counters_that_move_and_a_latency_histogram_while_the_run_goes_on()
    {
        int port = LoopbackPorts.FindFree();
        using var run = DdloProcess.Start("simulate", "--steps", "1000000", "--metrics-port", port.ToString(CultureInfo.InvariantCulture), "--out", output, "--json");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // Polls the endpoint the run serves; the deadline only bounds a broken run.
        string Scrape(Func<string, bool> until)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(run.Process.HasExited, "the run ended while it was being scraped");
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "the metrics never showed what was waited for");
                try
                {
                    string text = http.GetStringAsync(new Uri($"http://localhost:{port}/metrics")).GetAwaiter().GetResult();
                    if (until(text))
                    {
                        return text;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not serving yet.
                }

                Thread.Sleep(100);
            }
        }

        string first = Scrape(text => Value(text, "ddlo_slots_decided_total") > 0);
        double decided = Value(first, "ddlo_slots_decided_total");
        string later = Scrape(text => Value(text, "ddlo_slots_decided_total") > decided && Value(text, "ddlo_training_rounds_total") > 0);

        // One latency per decided slot (the two are read a moment apart while slots go on being decided).
        Assert.InRange(Value(later, "ddlo_decision_latency_seconds_count"), 1, Value(later, "ddlo_slots_decided_total") + 100);
        Assert.InRange(Value(later, "ddlo_decision_latency_seconds_count"), Value(later, "ddlo_slots_decided_total") - 100, double.MaxValue);
        Assert.InRange(Value(later, "ddlo_gain_ratio_rolling"), 0.5, 1.0);
        Assert.Equal(5 * Value(later, "ddlo_slot_candidates_count"), Value(later, "ddlo_slot_candidates_sum"));
        run.Kill();
    }

    [Fact]
    public void Should_refuse_a_metrics_port_in_use_in_one_line_before_making_a_results_folder()
    {
        var held = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        held.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)held.LocalEndpoint).Port;

            var result = DdloProcess.Run("simulate", "--steps", "10", "--metrics-port", port.ToString(CultureInfo.InvariantCulture), "--out", output);

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"--metrics-port {port}: cannot serve metrics there", result.Stderr, StringComparison.Ordinal);
            Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(Directory.Exists(output), "a refused run must not leave a results folder");
        }
        finally
        {
            held.Stop();
        }
    }

    /// <summary>The value of an unlabelled-but-for-the-scope sample, e.g. <c>ddlo_slots_decided_total{...} 42</c>; 0 when absent.</summary>
    private static double Value(string text, string name)
    {
        var match = Regex.Match(text, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }
}
