using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Discovery.Config.Hosting;
using Akka.Event;
using Akka.Hosting;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Akka.Management.Dsl;
using Akka.Remote.Hosting;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Farm;
using Ddlo.Actors.Cluster;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Management;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Newtonsoft.Json;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// One member of a ddlo Akka.Cluster, on a generic host with Akka.Hosting: remoting and clustering, the Serilog
/// logger and the protocol serializer (<see cref="DdloAkka.WithDdloDefaults"/>), the device region (devices nodes) or
/// its proxy (edge node), Akka.Hosting's liveness and readiness checks, and the node's <see cref="WorkerHost"/> in its
/// <see cref="ActorRegistry"/>. A node joins through seed nodes, by joining itself (an edge node with neither), or
/// through Akka.Management's Cluster Bootstrap with config or Kubernetes API discovery. The edge node places the DNNs
/// on learner nodes, the solvers on solver nodes and the devices on devices nodes (on itself when no member has that
/// role), runs the simulation, and finally asks every member to leave.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    /// <summary>The tag of the liveness checks (the ActorSystem runs).</summary>
    public const string LiveTag = "live";

    /// <summary>The tag of the readiness checks (this node is a member of the cluster).</summary>
    public const string ReadyTag = "ready";

    private readonly IHost host;
    private readonly ManagementEndpoint? management;
    private int runs;
    private int disposed;

    private ClusterNode(IHost host, NodeOptions options, ManagementEndpoint? management)
    {
        this.host = host;
        this.management = management;
        Options = options;
        System = host.Services.GetRequiredService<ActorSystem>();
        Registry = host.Services.GetRequiredService<ActorRegistry>();
    }

    public ActorSystem System { get; }

    /// <summary>This node's own actors by role: its <see cref="WorkerHost"/>, and its device region or proxy.</summary>
    public ActorRegistry Registry { get; }

    public NodeOptions Options { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>The embedded hocon/cluster/base.conf.</summary>
    public static Config BaseConfig { get; } = LoadBase();

    /// <summary>This node's address as others reach it (akka.tcp://ddlo@host:port).</summary>
    public Address Address => Cluster.SelfAddress;

    /// <summary>Starts the node and waits until it is an Up member, or throws <see cref="ClusterJoinException"/> after the timeout.</summary>
    public static async Task<ClusterNode> StartAsync(Scenario scenario, NodeOptions options, CancellationToken cancellationToken = default)
    {
        var node = await LaunchAsync(scenario, options, cancellationToken).ConfigureAwait(false);
        await node.JoinAsync(cancellationToken).ConfigureAwait(false);
        return node;
    }

    /// <summary>
    /// Starts the node's host and ActorSystem, not yet a member of any cluster. With a management port, the node
    /// serves there from the start (live, not yet ready) and, once its host runs, Akka.Hosting's health checks, its
    /// metrics and, under Cluster Bootstrap, its contact point, which the other nodes probe
    /// (<see cref="ContactPointResponse"/>).
    /// </summary>
    public static async Task<ClusterNode> LaunchAsync(Scenario scenario, NodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options = options.Validate();
        CheckDiscovery(scenario, options);
        options.EnsurePortFree();

        ClusterNode? launched = null;
        var management = options.ManagementPort is { } port
            ? ManagementEndpoint.Start(port, "--management-port", options.Hostname, NodeManagement.Routes(() => Volatile.Read(ref launched), options))
            : null;
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            // Whoever runs the node owns Ctrl-C and SIGTERM (a checkpoint first, then the cluster stops), not the host.
            builder.Services.AddSingleton<IHostLifetime, CommandOwnedLifetime>();
            builder.Services.AddHealthChecks();
            builder.Services.AddAkka(DdloAkka.SystemName, akka => Configure(akka, scenario, options));
            var host = builder.Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref launched, new ClusterNode(host, options, management));
        }
        catch
        {
            management?.Dispose();
            throw;
        }

        var node = launched;
        if (!options.IsEdge && !options.IsExperiment)
        {
            ClusterMember.LeaveWithEdge(node.System);
        }

        return node;
    }

    /// <summary>
    /// The address a scenario's <c>akka.remote.dot-netty.tcp.hostname</c> binds the node to (it overrides --hostname)
    /// must be one of this machine's, as --hostname's must; refused in one line naming the key otherwise.
    /// </summary>
    public static void CheckBindAddress(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        const string key = "akka.remote.dot-netty.tcp.hostname";
        if (scenario.Config.HasPath(key) && scenario.Config.GetString(key) is { Length: > 0 } hostname)
        {
            try
            {
                NodeOptions.CheckLocal(key, hostname);
            }
            catch (ArgumentException e)
            {
                throw ScenarioException.For(scenario.SourceOf(key), null, e.Message);
            }
        }
    }

    /// <summary>
    /// Config discovery needs contact points, from the command line or the scenario; Kubernetes API discovery needs a
    /// Kubernetes API to ask. Throws an <see cref="ArgumentException"/> otherwise.
    /// </summary>
    public static void CheckDiscovery(Scenario scenario, NodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Discovery == "kubernetes" && !KubernetesPodDiscovery.CanReachApi(scenario.Config.GetString($"akka.discovery.{KubernetesPodDiscovery.Method}.api-url", null)))
        {
            throw new ArgumentException(
                $"--discovery kubernetes: this process is not in a Kubernetes pod (KUBERNETES_SERVICE_HOST is not set); to reach the API from outside, set akka.discovery.{KubernetesPodDiscovery.Method}.api-url (e.g. kubectl proxy's http://127.0.0.1:8001).");
        }

        if (options.Discovery == "config" && options.ContactPoints.IsDefaultOrEmpty
            && scenario.Config.GetStringList($"akka.discovery.config.services.{options.ServiceName}.endpoints", []).Count == 0)
        {
            throw new ArgumentException(
                $"--discovery config: no contact points; give --contact-point HOST:PORT for each node, or set akka.discovery.config.services.{options.ServiceName}.endpoints.");
        }
    }

    /// <summary>
    /// Joins the cluster (seed nodes, itself, or Cluster Bootstrap) and waits until this node is an Up member; after
    /// the join timeout the node stops and <see cref="ClusterJoinException"/> says what it waited for.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (Options.Discovery is not null)
        {
            var bootstrap = ClusterBootstrap.Get(System);
            // Akka.Management's own HTTP server cannot start: its Akka.Http.Shim is built on Ceen.Httpd 0.9.9, and the
            // package registry serves only 0.9.10 (MissingMethodException in AkkaManagement.Start). This node's
            // management endpoint serves the contact-point route instead (ContactPointResponse), so bootstrap is told where.
            bootstrap.Routes(ManagementRouteProviderSettings.Create(ContactPointUri, readOnly: false));
            await bootstrap.Start().ConfigureAwait(false);
        }
        else if (Options.Seeds.IsDefaultOrEmpty)
        {
            Cluster.Join(Cluster.SelfAddress);
        }

        var finished = await Task.WhenAny(up.Task, Task.Delay(Options.JoinTimeout, cancellationToken)).ConfigureAwait(false);
        if (finished != up.Task)
        {
            await DisposeAsync().ConfigureAwait(false);
            throw new ClusterJoinException(Options.Discovery is { } discovery
                ? $"could not form or join a cluster through Cluster Bootstrap ({discovery} discovery{(Options.ContactPoints.IsDefaultOrEmpty ? string.Empty : ", contact points " + string.Join(", ", Options.ContactPoints))}) within {Options.JoinTimeout.TotalSeconds:0} s: " +
                  (discovery == "kubernetes"
                      ? "do the pods labelled app=ddlo run, with a container port named management, and may this pod's service account list pods?"
                      : "is every contact point's node running with its --management-port, and reachable from here?")
                : $"could not join the cluster through {(Options.Seeds.IsDefaultOrEmpty ? "itself" : string.Join(", ", Options.Seeds))} within {Options.JoinTimeout.TotalSeconds:0} s: " +
                  "is the seed node running at that address, and have enough nodes of each role joined (akka.cluster.role.<role>.min-nr-of-members)?");
        }
    }

    /// <summary>This node's contact point for Cluster Bootstrap: its management endpoint.</summary>
    public Uri ContactPointUri => new($"http://{Options.Hostname}:{Options.ManagementPort}/");

    /// <summary>
    /// The answer to another node's probe of <c>GET /bootstrap/seed-nodes</c>: this node's address and the members it
    /// sees, in Akka.Management's own JSON types (as its <c>HttpClusterBootstrapRoutes</c> answers).
    /// </summary>
    public string ContactPointResponse()
    {
        var cluster = Cluster;
        var self = cluster.SelfMember;
        var members = self.Status is MemberStatus.Down or MemberStatus.Exiting or MemberStatus.Leaving or MemberStatus.Removed
            ? []
            : cluster.State.Members
                .Where(m => !cluster.State.Unreachable.Contains(m) && m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining)
                .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
                .ToImmutableList();
        return JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(self.UniqueAddress.Address, members));
    }

    /// <summary>Runs Akka.Hosting's health checks with <paramref name="tag"/> (<see cref="LiveTag"/> or <see cref="ReadyTag"/>).</summary>
    public async Task<(bool Healthy, string Description)> CheckHealthAsync(string tag, CancellationToken cancellationToken = default)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(check => check.Tags.Contains(tag), cancellationToken).ConfigureAwait(false);
        string description = string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? " (" + d + ")" : string.Empty)}"));
        return (report.Status == HealthStatus.Healthy, description);
    }

    /// <summary>Stops the ActorSystem (if it still runs) and the host; once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StopAsync(timeout.Token).ConfigureAwait(false);
            host.Dispose();
        }
        finally
        {
            management?.Dispose();
        }
    }

    private static void Configure(AkkaConfigurationBuilder akka, Scenario scenario, NodeOptions options)
    {
        akka.WithDdloDefaults()
            .AddHocon(BaseConfig, HoconAddMode.Append)
            .WithRemoting(new RemoteOptions { HostName = options.Hostname, Port = options.Port })
            .WithClustering(new ClusterOptions
            {
                Roles = [.. options.ClusterRoles],
                SeedNodes = [.. (options.Seeds.IsDefault ? [] : options.Seeds).Select(s => $"akka.tcp://{DdloAkka.SystemName}@{s}")],
            })
            .WithActorSystemLivenessCheck(tags: [LiveTag])
            .WithAkkaClusterReadinessCheck(tags: [ReadyTag])
            .WithDdloMember(options.ClusterRoles, options.IsEdge);

        if (options.Discovery is { } discovery)
        {
            akka.WithClusterBootstrap(
                bootstrap =>
                {
                    bootstrap.ContactPointDiscovery.ServiceName = options.ServiceName;
                    // Kubernetes discovery finds each pod's contact point by the name of its container port.
                    bootstrap.ContactPointDiscovery.PortName = "management";
                    if (discovery == "kubernetes")
                    {
                        bootstrap.ContactPointDiscovery.DiscoveryMethod = KubernetesPodDiscovery.Method;
                    }

                    // A listed set of contact points is the whole cluster-to-be: wait for all of them (one node alone
                    // included), not for Akka's default of two.
                    if (!options.ContactPoints.IsDefaultOrEmpty)
                    {
                        bootstrap.ContactPointDiscovery.RequiredContactPointsNr = options.ContactPoints.Distinct().Count();
                    }
                },
                autoStart: false);
            if (discovery == "config")
            {
                akka.WithConfigDiscovery(config =>
                {
                    if (!options.ContactPoints.IsDefaultOrEmpty)
                    {
                        config.Services.Add(new Service { Name = options.ServiceName, Endpoints = [.. options.ContactPoints] });
                    }
                });
            }
            else
            {
                akka.AddHocon(KubernetesDiscoveryConfig, HoconAddMode.Append);
            }
        }

        if (!options.IsEdge && options.ClusterRoles.Any(r => r is RunFarmPool.Role or ClusterMember.ExperimentRole))
        {
            // A farm of runs has no edge node to wait for: its members are Up as soon as they join.
            akka.AddHocon(ConfigurationFactory.ParseString("akka.cluster.role.edge.min-nr-of-members = 0"), HoconAddMode.Prepend);
        }

        if (options.IsExperiment && options.Seeds.IsDefaultOrEmpty && options.Discovery is null)
        {
            // The experiment's node holds its queue of runs: when the cluster splits, its side survives, even alone (it
            // founded the cluster, so it is the oldest), and downs the nodes it lost, whose runs it gives to the others.
            // Joined to a cluster another node founded, it keeps that cluster's strategy.
            akka.AddHocon(
                ConfigurationFactory.ParseString("akka.cluster.split-brain-resolver { active-strategy = keep-oldest, keep-oldest.down-if-alone = off }"),
                HoconAddMode.Prepend);
        }

        // A scenario's akka.* keys (and --set akka....) override all of the above.
        akka.AddHocon(scenario.Config, HoconAddMode.Prepend);
    }

    /// <summary>On the edge node: places the workers on the members' hosts, runs the simulation and returns its record.</summary>
    public async Task<RunRecord> RunSimulationAsync(Scenario scenario, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var run = await PlaceAsync(scenario, null, cancellationToken).ConfigureAwait(false);
        return await run.RunAsync(progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On the edge node, as <c>simulate</c> runs on one: the run saves checkpoints to <paramref name="checkpoints"/>
    /// (the networks and Adam moments fetched from the learner nodes, the memory, the devices wherever they are, the
    /// recorder), and resumes from its checkpoint if it has one, onto whichever members this cluster has now. When
    /// <paramref name="stop"/> fires, the slots in flight are decided, a checkpoint is saved and the outcome says where
    /// the run stopped.
    /// </summary>
    public async Task<RunOutcome> RunSimulationAsync(Scenario scenario, CheckpointOptions checkpoints, IProgress<RunProgress>? progress, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        using var run = await PlaceAsync(scenario, checkpoints, CancellationToken.None).ConfigureAwait(false);
        return await run.RunOrStopAsync(progress, stop).ConfigureAwait(false);
    }

    private async Task<PlacedSimulation> PlaceAsync(Scenario scenario, CheckpointOptions? checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var members = await UpMembersAsync(["learner"], cancellationToken).ConfigureAwait(false);
        // A node may run several simulations one after another (bench): each run's actors get their own names, and
        // are stopped once its record is in.
        int run = Interlocked.Increment(ref runs);
        try
        {
            return await ClusterMember.PlaceAsync(System, Registry, members, scenario, checkpoints, run == 1 ? string.Empty : $"-{run}").ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new ClusterJoinException(e.Message);
        }
    }

    /// <summary>
    /// On the edge node: runs a map of cells over the cluster, the learner's copies and their cells on the cells (or
    /// learner) members (<see cref="ClusterMember.RunMapAsync"/>), saving checkpoints to <paramref name="checkpoints"/>
    /// when given. With checkpoints, a node lost mid-run (it left, or was downed) does not end the run: its cells and
    /// copies go to the members left, and the run goes on from its last checkpoint (from the start when it has none
    /// yet), to the numbers of a run never interrupted. Without checkpoints, or with no member left to host them, the
    /// loss ends the run as any failure does.
    /// </summary>
    public async Task<Actors.World.MapOutcome> RunMapAsync(Scenario scenario, CheckpointOptions? checkpoints, IProgress<Actors.World.MapProgress>? progress, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var members = await UpMembersAsync([ClusterMember.CellsRole, "learner"], stop).ConfigureAwait(false);
        while (true)
        {
            int run = Interlocked.Increment(ref runs);
            try
            {
                return await ClusterMember.RunMapAsync(System, Registry, members, scenario, checkpoints, progress, run == 1 ? string.Empty : $"-{run}", stop).ConfigureAwait(false);
            }
            catch (InvalidOperationException e) when (e.InnerException is null)
            {
                throw new ClusterJoinException(e.Message);
            }
            catch (SimulationFailedException e) when (e.LostNode is { } lost && checkpoints is not null && !stop.IsCancellationRequested
                && Survivors(lost) is { Count: > 0 } survivors)
            {
                var resumeFrom = CheckpointFile.Read(checkpoints.Directory);
                System.Log.Warning(
                    "Node {0} was lost mid-map: its cells go to {1}, and the map goes on from {2}",
                    lost,
                    string.Join(", ", survivors.Where(m => m.HasRole(ClusterMember.CellsRole) || m.HasRole("learner") || m.HasRole("all")).Select(m => m.Address)),
                    resumeFrom is null ? "its start (no checkpoint yet)" : $"its checkpoint at slot {resumeFrom.Step}");
                (members, checkpoints) = (survivors, checkpoints with { ResumeFrom = resumeFrom });
            }
        }
    }

    /// <summary>The Up, reachable members other than <paramref name="lost"/>, when one of them can host a map's cells; else none.</summary>
    private List<Member> Survivors(Address lost)
    {
        var state = Cluster.State;
        var survivors = state.Members
            .Where(m => m.Status == MemberStatus.Up && m.Address != lost && !state.Unreachable.Contains(m))
            .OrderBy(m => m.Address, Member.AddressOrdering)
            .ToList();
        return survivors.Any(m => m.HasRole(ClusterMember.CellsRole) || m.HasRole("learner") || m.HasRole("all")) ? survivors : [];
    }

    /// <summary>On the edge node, after the run: every other member leaves, then this one; returns when this node has stopped.</summary>
    public async Task LeaveClusterAsync(TimeSpan timeout)
    {
        foreach (var member in Cluster.State.Members.Where(m => m.Address != Address))
        {
            // A member this node cannot reach cannot leave: it is downed, so that the cluster's shutdown is not a split.
            if (Cluster.State.Unreachable.Contains(member))
            {
                Cluster.Down(member.Address);
            }
            else
            {
                Cluster.Leave(member.Address);
            }
        }

        await Cluster.LeaveAsync().WaitAsync(timeout).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The Up members once this node sees the configured minimum of every role, and at least one member with one of
    /// <paramref name="hostRoles"/> (the learner for a run, cells or learner for a map) (or, after the join timeout,
    /// whichever are Up): this node is Up as soon as the leader moved it, but its view of the others' moves may trail
    /// by a gossip round, so it follows the membership events until they show enough.
    /// </summary>
    private async Task<IReadOnlyList<Member>> UpMembersAsync(IReadOnlyList<string> hostRoles, CancellationToken cancellationToken)
    {
        // Every role's akka.cluster.role.<role>.min-nr-of-members, and at least one member to host the run's workers.
        var roles = System.Settings.Config.GetConfig("akka.cluster.role");
        var minimums = (roles is null || roles.IsEmpty ? Enumerable.Empty<string>() : roles.Root.GetObject().Items.Keys)
            .ToDictionary(role => role, role => System.Settings.Config.GetInt($"akka.cluster.role.{role}.min-nr-of-members", 0), StringComparer.Ordinal);
        var enough = new TaskCompletionSource<IReadOnlyList<Member>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = System.ActorOf(Props.Create(() => new UpMembersWatch(minimums, hostRoles, enough)));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.JoinTimeout);
            return await enough.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [.. Cluster.State.Members.Where(m => m.Status == MemberStatus.Up)];
        }
        finally
        {
            watch.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>The Kubernetes API discovery method and its defaults (a scenario or --set may override any).</summary>
    private static readonly Config KubernetesDiscoveryConfig = ConfigurationFactory.ParseString($$"""
        akka.discovery.{{KubernetesPodDiscovery.Method}} {
          class = "{{typeof(KubernetesPodDiscovery).FullName}}, {{typeof(KubernetesPodDiscovery).Assembly.GetName().Name}}"
          # The pods of one cluster carry the label app=<service name> (ddlo).
          pod-label-selector = "app={0}"
          # Empty: the pod's own namespace.
          pod-namespace = ""
          # Empty: the API server of the cluster this pod runs in. From outside one, e.g. kubectl proxy's http://127.0.0.1:8001.
          api-url = ""
        }
        """);

    private sealed class CommandOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static Config LoadBase()
    {
        using var stream = typeof(ClusterNode).Assembly.GetManifestResourceStream("Ddlo.Hosting.cluster.conf")
            ?? throw new InvalidOperationException("hocon/cluster/base.conf is not embedded in Ddlo.Hosting.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
