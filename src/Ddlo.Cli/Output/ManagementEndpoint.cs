using System.Net;
using System.Net.Sockets;
using Ddlo.Actors.Recording;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Ddlo.Cli.Output;

/// <summary>
/// Serves, on one loopback port, what an operator watches while a run goes on: the run's metrics
/// (<see cref="DdloMetrics"/>) for Prometheus at <c>/metrics</c> through OpenTelemetry, and the health checks
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (200 once <c>ready</c> says so, 503 before),
/// for as long as it is not disposed.
/// </summary>
internal sealed class ManagementEndpoint : IDisposable
{
    private readonly MeterProvider metrics;
    private readonly HttpListener health;
    private readonly Func<bool> ready;

    private ManagementEndpoint(MeterProvider metrics, HttpListener health, Func<bool> ready)
    {
        (this.metrics, this.health, this.ready) = (metrics, health, ready);
        _ = Task.Run(ServeHealthAsync);
    }

    /// <summary>
    /// Starts serving on <paramref name="port"/>; a port in use is refused in one line naming <paramref name="option"/>.
    /// </summary>
    public static ManagementEndpoint Start(int port, string option, Func<bool> ready)
    {
        // The exporter's listener reports a failure to bind only in its own logs: find out first.
        try
        {
            var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException e)
        {
            throw new ArgumentException($"{option} {port}: cannot serve metrics there ({e.Message}).", e);
        }

        var metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(DdloMetrics.MeterName)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = "localhost";
                options.Port = port;
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
        var health = new HttpListener();
        health.Prefixes.Add($"http://localhost:{port}/health/");
        try
        {
            health.Start();
        }
        catch (HttpListenerException e)
        {
            metrics.Dispose();
            throw new ArgumentException($"{option} {port}: cannot serve health checks there ({e.Message}).", e);
        }

        return new ManagementEndpoint(metrics, health, ready);
    }

    public void Dispose()
    {
        health.Close();
        metrics.Dispose();
    }

    private async Task ServeHealthAsync()
    {
        while (health.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await health.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
            (int status, string body) = path switch
            {
                "/health/live" => (200, "alive"),
                "/health/ready" => ready() ? (200, "ready") : (503, "not ready"),
                _ => (404, "not found: /health/live or /health/ready"),
            };
            context.Response.StatusCode = status;
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(body + "\n");
            context.Response.ContentType = "text/plain";
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }
}
