using System.Net;
using System.Net.Sockets;
using Ddlo.Actors.Recording;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Ddlo.Cli.Output;

/// <summary>
/// Serves the run's metrics (<see cref="DdloMetrics"/>) for Prometheus at <c>http://localhost:PORT/metrics</c>, through
/// OpenTelemetry, for as long as it is not disposed.
/// </summary>
internal static class MetricsEndpoint
{
    /// <summary>Starts serving on <paramref name="port"/>; a port in use is refused in one line naming the option.</summary>
    public static MeterProvider Start(int port)
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
            throw new ArgumentException($"--metrics-port {port}: cannot serve metrics there ({e.Message}).", e);
        }

        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(DdloMetrics.MeterName)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = "localhost";
                options.Port = port;
                options.ScrapeResponseCacheDurationMilliseconds = 0;
            })
            .Build();
    }
}
