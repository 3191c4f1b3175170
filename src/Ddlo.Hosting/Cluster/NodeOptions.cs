using System.Collections.Immutable;
using Ddlo.Actors.Cluster;

namespace Ddlo.Hosting.Cluster;

/// <summary>How one <c>ddlo node</c> process joins the cluster.</summary>
/// <param name="Roles">Any of edge, learner, solver, devices, cells, runs, or all.</param>
/// <param name="Hostname">The address it binds to and others reach it at (127.0.0.1 by default).</param>
/// <param name="Port">Its TCP port (0: any free port).</param>
/// <param name="Seeds">Seed nodes as host:port; an edge node with none (and no <see cref="Discovery"/>) founds the cluster by joining itself.</param>
/// <param name="JoinTimeout">How long to wait to become a member before giving up.</param>
public sealed record NodeOptions(ImmutableArray<string> Roles, string Hostname, int Port, ImmutableArray<string> Seeds, TimeSpan JoinTimeout)
{
    public static readonly ImmutableArray<string> KnownRoles = ["edge", "learner", "solver", "devices", "cells", "runs", "all"];

    /// <summary>The discovery methods Cluster Bootstrap can find contact points with.</summary>
    public static readonly ImmutableArray<string> KnownDiscoveries = ["config", "kubernetes"];

    /// <summary>
    /// Cluster Bootstrap instead of seeds: <c>config</c> (the contact points listed in <see cref="ContactPoints"/> or
    /// under <c>akka.discovery.config.services</c>) or <c>kubernetes</c> (pods found through the Kubernetes API); null
    /// for seed nodes.
    /// </summary>
    public string? Discovery { get; init; }

    /// <summary>Config discovery's contact points: the management endpoints (host:port) of the nodes that form the cluster.</summary>
    public ImmutableArray<string> ContactPoints { get; init; } = [];

    /// <summary>The port of this node's management endpoint (health, metrics and, under bootstrap, its contact point).</summary>
    public int? ManagementPort { get; init; }

    /// <summary>The service name the nodes of one cluster are discovered under.</summary>
    public string ServiceName { get; init; } = "ddlo";

    /// <summary>The roles this member announces: <c>all</c> stands for every role.</summary>
    public ImmutableArray<string> ClusterRoles =>
        Roles.Contains("all") ? [.. KnownRoles] : Roles;

    /// <summary>Whether this node coordinates the run (role edge or all).</summary>
    public bool IsEdge => Roles.Contains("edge") || Roles.Contains("all");

    /// <summary>Whether this node runs an experiment over the cluster: the other nodes leave with it.</summary>
    public bool IsExperiment => Roles.Contains(ClusterMember.ExperimentRole);

    /// <summary>The options of the node <c>ddlo experiment --cluster</c> runs: it takes runs itself, and founds the cluster when it has no seeds.</summary>
    public static NodeOptions ForExperiment(string hostname, int port, ImmutableArray<string> seeds, TimeSpan joinTimeout) =>
        new([ClusterMember.ExperimentRole, Actors.Farm.RunFarmPool.Role], hostname, port, seeds, joinTimeout);

    /// <summary>Checks roles, port and seeds; throws an <see cref="ArgumentException"/> naming the bad one.</summary>
    public NodeOptions Validate()
    {
        if (Roles.IsDefaultOrEmpty)
        {
            throw new ArgumentException("--role is required: edge, learner, solver, devices, cells, runs or all (several may be given).");
        }

        // The experiment role is not one --role takes (`ddlo node` refuses it), but the experiment's own node has it.
        foreach (string role in Roles.Where(r => !KnownRoles.Contains(r) && r != ClusterMember.ExperimentRole))
        {
            throw new ArgumentException($"--role: unknown role '{role}'; expected one of {string.Join(", ", KnownRoles)}.");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port must be in 0..65535, got {Port}.");
        }

        if (Discovery is not null)
        {
            ValidateBootstrap();
        }
        else if (!ContactPoints.IsDefaultOrEmpty)
        {
            throw new ArgumentException("--contact-point lists the endpoints of config discovery: give --discovery config too.");
        }
        else if (Seeds.IsDefaultOrEmpty && !IsEdge && !IsExperiment)
        {
            throw new ArgumentException("--seed HOST:PORT is required (the address of a node already in the cluster, or of the edge node), or --discovery config|kubernetes.");
        }

        if (JoinTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"--join-timeout must be at least 1 second, got {JoinTimeout.TotalSeconds:0.###}.");
        }

        foreach (string seed in Seeds.IsDefault ? [] : Seeds)
        {
            Resolve("--seed", HostOf("--seed", seed));
        }

        if (string.IsNullOrWhiteSpace(Hostname))
        {
            throw new ArgumentException("--hostname: expected a host name or address to listen at, got an empty one.");
        }

        // An IPv6 address may be given in brackets, as in a seed; the node binds to the bare address.
        string hostname = Hostname.StartsWith('[') && Hostname.EndsWith(']') ? Hostname[1..^1] : Hostname;
        CheckLocal("--hostname", hostname);
        return this with { Hostname = hostname };
    }

    /// <summary>
    /// The host of a HOST:PORT endpoint, its port checked: an IPv6 host must be in brackets ([::1]:4053), since
    /// <c>::1:4053</c> is itself an IPv6 address and no port can be told from it.
    /// </summary>
    private static string HostOf(string option, string endpoint)
    {
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{option}: '{endpoint}' is not HOST:PORT.");
        }

        string host = endpoint[..colon];
        if (host.StartsWith('[') && host.EndsWith(']') && host.Length > 2)
        {
            return System.Net.IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                ? host[1..^1]
                : throw new ArgumentException($"{option}: '{endpoint}': only an IPv6 address goes in brackets.");
        }

        return host.Contains(':', StringComparison.Ordinal)
            ? throw new ArgumentException($"{option}: '{endpoint}' is not HOST:PORT: write an IPv6 address in brackets, as [::1]:4053.")
            : host;
    }

    /// <summary>The node binds to <paramref name="host"/>: it must resolve to an address of one of this machine's interfaces.</summary>
    internal static void CheckLocal(string option, string host)
    {
        Resolve(option, host);
        System.Net.Sockets.SocketException? refused = null;
        foreach (var address in System.Net.Dns.GetHostAddresses(host))
        {
            var listener = new System.Net.Sockets.TcpListener(address, 0);
            try
            {
                listener.Start();
                return;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                refused = e;
            }
            finally
            {
                listener.Stop();
            }
        }

        throw new ArgumentException($"{option}: '{host}' is no address of this machine's interfaces, so the node cannot listen there ({refused?.Message}).");
    }

    private void ValidateBootstrap()
    {
        if (!KnownDiscoveries.Contains(Discovery!))
        {
            throw new ArgumentException($"--discovery: unknown method '{Discovery}'; expected one of {string.Join(", ", KnownDiscoveries)}.");
        }

        if (!Seeds.IsDefaultOrEmpty)
        {
            throw new ArgumentException("--seed and --discovery exclude each other: Cluster Bootstrap finds the seed nodes itself.");
        }

        if (ManagementPort is null)
        {
            throw new ArgumentException("--discovery needs --management-port: the other nodes probe this node's contact point there.");
        }

        if (!ContactPoints.IsDefaultOrEmpty && Discovery != "config")
        {
            throw new ArgumentException($"--contact-point lists the endpoints of config discovery, not of {Discovery} discovery.");
        }

        foreach (string point in ContactPoints.IsDefault ? [] : ContactPoints)
        {
            int colon = point.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(point[(colon + 1)..], out int port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"--contact-point: '{point}' is not HOST:PORT (a node's management endpoint).");
            }
        }
    }

    /// <summary>
    /// Binds this node's port for a moment: a port another process holds is refused now, not after the join timeout
    /// (Akka's transport would log the failure and keep the node waiting).
    /// </summary>
    public void EnsurePortFree()
    {
        if (ManagementPort is { } management)
        {
            Management.ManagementEndpoint.EnsurePortFree(management, "--management-port", Hostname);
        }

        if (Port == 0)
        {
            return;
        }

        var address = System.Net.IPAddress.TryParse(Hostname, out var ip) ? ip : System.Net.Dns.GetHostAddresses(Hostname)[0];
        var listener = new System.Net.Sockets.TcpListener(address, Port);
        try
        {
            listener.Start();
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            throw new ArgumentException($"--port {Port}: already in use on {Hostname} (another ddlo node?); choose another port, or 0 for any free one.", e);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static void Resolve(string option, string host)
    {
        try
        {
            if (System.Net.Dns.GetHostAddresses(host).Length > 0)
            {
                return;
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
        {
            // ArgumentException: a name no resolver accepts (blank, or too long).
        }

        throw new ArgumentException($"{option}: cannot resolve the host '{host}'.");
    }
}
