using System.Net;
using System.Net.Sockets;
using Ddlo.Serving.Environments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ddlo.Serving;

/// <summary>
/// The environment server (<c>ddlo serve</c>): the gRPC service of proto/ddlo_env.proto on Kestrel, HTTP/2 cleartext.
/// Each connection owns the environments it creates, and they are freed when it closes: Kestrel tells the registry
/// when a connection ends, whether the client closed its channel, its process died (the kernel resets the socket), or
/// it stopped answering HTTP/2 pings.
/// </summary>
public sealed class EnvironmentServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private EnvironmentServer(WebApplication app, EnvironmentRegistry registry, Uri address, EnvironmentSpec spec)
    {
        this.app = app;
        Registry = registry;
        Address = address;
        Spec = spec;
    }

    /// <summary>What the environments of the server's own scenario look like (those a request naming no scenario gets).</summary>
    public EnvironmentSpec Spec { get; }

    /// <summary>The open environments.</summary>
    public EnvironmentRegistry Registry { get; }

    /// <summary>Where clients connect: http://HOST:PORT.</summary>
    public Uri Address { get; }

    /// <summary>The port bound (the free one chosen, for port 0).</summary>
    public int Port => Address.Port;

    /// <summary>
    /// Loads the server's scenario (a scenario that does not load, or one environments cannot serve, is refused in one
    /// line before anything binds), then binds and serves until disposed.
    /// </summary>
    public static async Task<EnvironmentServer> StartAsync(ServeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var scenarios = new ScenarioSource(options.ScenarioFile, options.Overrides);
        var template = EnvironmentTemplate.From(scenarios.Load(null, null, []));
        var address = Resolve(options.Host);
        var registry = new EnvironmentRegistry();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // The command line handles SIGINT and SIGTERM; a test process hosting a server keeps its own.
        builder.Services.AddSingleton<IHostLifetime, CallerLifetime>();
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton(scenarios);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // An agent may think for long between steps: its connection, and so its environments, stays open while
            // it answers pings. (Kestrel takes an infinite keep-alive timeout as none at all: an idle connection
            // would close at the next heartbeat.)
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(365);
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
            kestrel.Listen(address, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(next => async connection =>
                {
                    try
                    {
                        await next(connection).ConfigureAwait(false);
                    }
                    finally
                    {
                        registry.ConnectionClosed(connection.ConnectionId);
                    }
                });
            });
        });

        var app = builder.Build();
        app.MapGrpcService<EnvironmentService>();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ArgumentException($"--port {options.Port}: already in use on {options.Host}; choose another port, or 0 for any free one.", e);
        }

        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EnvironmentServer(app, registry, new Uri(bound), template.Spec);
    }

    /// <summary>Stops taking calls, ends those in flight, and closes every connection (freeing its environments).</summary>
    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static IPAddress Resolve(string host)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return ip;
        }

        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? Dns.GetHostAddresses(host)[0];
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            throw new ArgumentException($"--host: cannot resolve the host '{host}'.", e);
        }
    }

    /// <summary>A lifetime that leaves signals to whoever started the server.</summary>
    private sealed class CallerLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
