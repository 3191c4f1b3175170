using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ddlo.Actors.Cluster;
using Ddlo.Hosting.Cluster;

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
                Assert.False(run.Process.HasExited, run.Process.HasExited ? "the run ended while it was being scraped: " + run.Ended() : null);
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), "the metrics never showed what was waited for");
                try
                {
                    string text = http.GetStringAsync(new Uri($"http://localhost:{port}/metrics")).GetAwaiter().GetResult();
                    if (until(text))
                    {
                        return text;
                    }
                }
                catch (Exception e) when (NotServingYet(e))
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

    /// <summary>
    /// A Prometheus target is often written as an address: on loopback, <c>/metrics</c> answers at 127.0.0.1 as at
    /// localhost, and so do the health routes.
    /// </summary>
    [Fact]
    public async Task Should_serve_metrics_and_health_at_the_loopback_address_as_at_localhost()
    {
        int port = LoopbackPorts.FindFree();
        using var run = DdloProcess.Start("simulate", "--steps", "1000000", "--metrics-port", port.ToString(CultureInfo.InvariantCulture), "--out", output, "--json");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // Metrics and health are served from the moment the endpoint starts, before the run's scenario loads.
        WaitUntilServing(run, http, new Uri($"http://localhost:{port}/health/live"));

        foreach (string host in new[] { "127.0.0.1", "localhost" })
        {
            foreach (string path in new[] { "/metrics", "/health/live" })
            {
                using var response = await http.GetAsync(new Uri($"http://{host}:{port}{path}"));
                Assert.True(response.IsSuccessStatusCode, $"http://{host}:{port}{path} answered {(int)response.StatusCode}");
            }
        }

        run.Kill();
    }

    /// <summary>
    /// Every counter is exported from the start, at 0 until it counts: a dashboard tells "none" (no degraded slot, no
    /// DNN restart in this run) from "not exported".
    /// </summary>
    [Fact]
    public async Task Should_export_every_counter_from_the_start_at_0_until_it_counts()
    {
        int port = LoopbackPorts.FindFree();
        using var run = DdloProcess.Start("simulate", "--steps", "1000000", "--metrics-port", port.ToString(CultureInfo.InvariantCulture), "--out", output, "--json");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        WaitUntilServing(run, http, new Uri($"http://localhost:{port}/health/live"));

        string text = await http.GetStringAsync(new Uri($"http://localhost:{port}/metrics"));

        string[] counters =
        [
            "ddlo_slots_decided_total", "ddlo_slots_degraded_total", "ddlo_dnn_restarts_total", "ddlo_training_rounds_total",
            "ddlo_remote_messages_sent_total", "ddlo_remote_messages_received_total",
            "ddlo_map_cells_hosted", "ddlo_map_device_slots_total", "ddlo_map_averaging_rounds_total", "ddlo_map_handovers_total",
        ];
        Assert.All(counters, name => Assert.Matches(new Regex($@"^{Regex.Escape(name)}(\{{[^}}]*\}})? \S+", RegexOptions.Multiline), text));
        // Nothing degrades or restarts in this run: they are there, at 0.
        Assert.Equal(0, Value(text, "ddlo_slots_degraded_total"));
        Assert.Equal(0, Value(text, "ddlo_dnn_restarts_total"));
        // One cell, not a map: no map counter moves.
        Assert.Equal(0, Value(text, "ddlo_map_device_slots_total"));
        run.Kill();
    }

    /// <summary>
    /// <c>node --management-port</c>: each of two real node processes serves liveness at once, readiness once it is an Up
    /// member, and metrics in which the protocol messages that cross between them move (the edge node sends Decide and
    /// reads SolveBatch; the learner's group reads Decide and sends SolveBatch), while the edge node decides slots.
    /// </summary>
    [Fact]
    public async Task Should_serve_each_nodes_health_and_its_cross_node_messages_while_a_cluster_run_goes_on()
    {
        int seed = LoopbackPorts.FindFree();
        int edgePort = LoopbackPorts.FindFree();
        int learnerPort = LoopbackPorts.FindFree();
        using var learner = DdloProcess.Start("node", "--role", "learner", "--seed", $"127.0.0.1:{seed}", "--join-timeout", "60",
            "--management-port", learnerPort.ToString(CultureInfo.InvariantCulture));
        using var edge = DdloProcess.Start("node", "--role", "edge,solver,devices", "--port", seed.ToString(CultureInfo.InvariantCulture),
            "--seed", $"127.0.0.1:{seed}", "--steps", "1000000", "--out", output, "--join-timeout", "60",
            "--management-port", edgePort.ToString(CultureInfo.InvariantCulture), "--set", "learning.dnn-count=2");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        // Polls an endpoint until it shows what is waited for; the deadline only bounds a broken cluster.
        string Poll(int port, string path, Func<HttpResponseMessage, string, bool> until)
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(edge.Process.HasExited, edge.Process.HasExited ? "the edge node ended while it was being watched: " + edge.Ended() : null);
                Assert.False(learner.Process.HasExited, learner.Process.HasExited ? "the learner node ended while it was being watched: " + learner.Ended() : null);
                Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"http://localhost:{port}{path} never showed what was waited for");
                try
                {
                    using var response = http.GetAsync(new Uri($"http://localhost:{port}{path}")).GetAwaiter().GetResult();
                    string body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                    if (until(response, body))
                    {
                        return body;
                    }
                }
                catch (Exception e) when (NotServingYet(e))
                {
                    // Not serving yet.
                }

                Thread.Sleep(100);
            }
        }

        Poll(learnerPort, "/health/live", (r, _) => r.IsSuccessStatusCode);
        Poll(learnerPort, "/health/ready", (r, _) => r.StatusCode == System.Net.HttpStatusCode.OK);
        string ready = Poll(edgePort, "/health/ready", (r, _) => r.StatusCode == System.Net.HttpStatusCode.OK);
        // Readiness is Akka.Hosting's cluster check, by its name.
        Assert.Contains("akka.cluster.join: Healthy", ready, StringComparison.Ordinal);
        string edgeMetrics = Poll(edgePort, "/metrics", (_, text) => Value(text, "ddlo_slots_decided_total") > 0);
        string learnerMetrics = Poll(learnerPort, "/metrics", (_, text) => Sum(text, "ddlo_remote_messages_received_total", "Decide") > 0);
        string later = Poll(edgePort, "/metrics", (_, text) => Value(text, "ddlo_slots_decided_total") > Value(edgeMetrics, "ddlo_slots_decided_total"));

        Assert.True(Sum(later, "ddlo_remote_messages_sent_total", "Decide") > 0, "the edge node sent no Decide across");
        Assert.True(Sum(later, "ddlo_remote_messages_received_total", "SolveBatch") > 0, "the edge node read no SolveBatch from the learner");
        Assert.True(Sum(learnerMetrics, "ddlo_remote_messages_sent_total", "SolveBatch") > 0, "the learner sent no SolveBatch across");
        // The time each side spends writing and reading them is a histogram of its own.
        Assert.Matches(new Regex(@"^ddlo_remote_serialization_time_seconds_count\{[^}]*direction=""write""[^}]*message=""SolveBatch""[^}]*\} [1-9]", RegexOptions.Multiline), learnerMetrics);
        using (var missing = await http.GetAsync(new Uri($"http://localhost:{edgePort}/health/nothing")))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }

        edge.Kill();
        learner.Kill();
    }

    /// <summary>
    /// Whether <paramref name="e"/> only says the server is not listening yet: a refused connection surfaces as an
    /// <see cref="HttpRequestException"/>, but one refused mid-connect can escape as a bare <see cref="System.Net.Sockets.SocketException"/>.
    /// </summary>
    private static bool NotServingYet(Exception e) => e is HttpRequestException or System.Net.Sockets.SocketException or IOException;

    /// <summary>Polls <paramref name="uri"/> until it answers with success; the deadline only bounds a broken run.</summary>
    private static void WaitUntilServing(DdloProcess.Running run, HttpClient http, Uri uri)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(run.Process.HasExited, run.Process.HasExited ? "the run ended before it served: " + run.Ended() : null);
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"{uri} never answered");
            try
            {
                using var response = http.GetAsync(uri).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (NotServingYet(e))
            {
                // Not serving yet.
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>The sum of a labelled counter's samples whose <c>message</c> label is <paramref name="message"/>.</summary>
    private static double Sum(string text, string name, string message) =>
        Regex.Matches(text, $@"^{Regex.Escape(name)}\{{[^}}]*message=""{Regex.Escape(message)}""[^}}]*\}} (\S+)", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    /// <summary>The value of an unlabelled-but-for-the-scope sample, e.g. <c>ddlo_slots_decided_total{...} 42</c>; 0 when absent.</summary>
    private static double Value(string text, string name)
    {
        var match = Regex.Match(text, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
    }
}
