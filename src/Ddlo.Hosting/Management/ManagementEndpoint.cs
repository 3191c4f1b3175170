using System.Net;
using System.Net.Sockets;
using Ddlo.Actors.Recording;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Ddlo.Hosting.Management;

/// <summary>
/// Serves, on one port, what an operator watches while a run goes on: the run's metrics (<see cref="DdloMetrics"/>)
/// for Prometheus at <c>/metrics</c> through OpenTelemetry, and the routes it is given: the health checks
/// (<c>/health/live</c>, <c>/health/ready</c>) and, on a node that bootstraps, its contact point
/// (<c>/bootstrap/seed-nodes</c>), for as long as it is not disposed. It binds <c>localhost</c> for the loopback
/// default, or the address it is given.
/// </summary>
public sealed class ManagementEndpoint : IDisposable
{
    private readonly MeterProvider metrics;
    private readonly HttpListener listener;
    private readonly IReadOnlyDictionary<string, Func<Task<Reply>>> routes;

    private ManagementEndpoint(MeterProvider metrics, HttpListener listener, IReadOnlyDictionary<string, Func<Task<Reply>>> routes)
    {
        (this.metrics, this.listener, this.routes) = (metrics, listener, routes);
        _ = Task.Run(ServeAsync);
    }

    /// <summary>
    /// Starts serving on <paramref name="port"/> of <paramref name="hostname"/>; a port in use is refused in one line
    /// naming <paramref name="option"/>. Each route is a path (as <c>/health/ready</c>) and its answer.
    /// </summary>
    public static ManagementEndpoint Start(int port, string option, string hostname, IReadOnlyDictionary<string, Func<Task<Reply>>> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        bool loopback = hostname is "127.0.0.1" or "localhost";
        // The exporter's listener reports a failure to bind only in its own logs: find out first.
        EnsurePortFree(port, option, hostname);

        string host = loopback ? "localhost" : hostname;
        var metrics = Sdk.CreateMeterProviderBuilder()
            .AddMeter(DdloMetrics.MeterName)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = host;
                options.Port = port;
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
        var listener = new HttpListener();
        // A request names the host it was sent to: on loopback, answer it by name and by address alike.
        foreach (string name in loopback ? ["localhost", "127.0.0.1"] : new[] { hostname })
        {
            foreach (string folder in routes.Keys.Select(path => path[..(path.LastIndexOf('/') + 1)]).Distinct())
            {
                listener.Prefixes.Add($"http://{name}:{port}{folder}");
            }
        }

        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            metrics.Dispose();
            throw new ArgumentException($"{option} {port}: cannot serve health checks there ({e.Message}).", e);
        }

        return new ManagementEndpoint(metrics, listener, routes);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="option"/> when <paramref name="port"/> cannot be served on <paramref name="hostname"/>.</summary>
    public static void EnsurePortFree(int port, string option, string hostname)
    {
        var address = hostname is "127.0.0.1" or "localhost" ? IPAddress.Loopback : IPAddress.TryParse(hostname, out var ip) ? ip : Dns.GetHostAddresses(hostname)[0];
        try
        {
            var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException e)
        {
            throw new ArgumentException($"{option} {port}: cannot serve metrics there ({e.Message}).", e);
        }
    }

    public void Dispose()
    {
        listener.Close();
        metrics.Dispose();
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? string.Empty;
            Reply reply;
            try
            {
                reply = routes.TryGetValue(path, out var route)
                    ? await route().ConfigureAwait(false)
                    : new Reply(404, $"not found: {string.Join(", ", routes.Keys.Append("/metrics"))}");
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // The node is stopping under the request: say so, and go on serving.
                reply = new Reply(503, $"stopping: {e.Message}");
            }

            try
            {
                context.Response.StatusCode = reply.Status;
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(reply.Body + "\n");
                context.Response.ContentType = reply.ContentType;
                await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away: nothing to answer.
            }
        }
    }

    /// <summary>A route's answer.</summary>
    public sealed record Reply(int Status, string Body, string ContentType = "text/plain");
}
