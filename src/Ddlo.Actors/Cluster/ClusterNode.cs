using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Cluster;

/// <summary>
/// One member of a ddlo Akka.Cluster. Every node runs a <see cref="WorkerHost"/>; the edge node places the DNNs on
/// learner nodes, the solvers on solver nodes and the devices on devices nodes (on itself when no member has that
/// role), runs the simulation, and finally asks every member to leave.
/// </summary>
public sealed class ClusterNode
{
    private int runs;

    private ClusterNode(ActorSystem system, NodeOptions options)
    {
        System = system;
        Options = options;
    }

    public ActorSystem System { get; }

    public NodeOptions Options { get; }

    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);

    /// <summary>The embedded hocon/cluster/base.conf.</summary>
    public static Config BaseConfig { get; } = LoadBase();

    /// <summary>This node's address as others reach it (akka.tcp://ddlo@host:port).</summary>
    public Address Address => Cluster.SelfAddress;

    /// <summary>Starts the node and waits until it is an Up member, or throws <see cref="ClusterJoinException"/> after the timeout.</summary>
    public static async Task<ClusterNode> StartAsync(Scenario scenario, NodeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        options = options.Validate();
        options.EnsurePortFree();
        string roles = string.Join(", ", options.ClusterRoles.Select(r => $"\"{r}\""));
        string seeds = string.Join(", ", (options.Seeds.IsDefault ? [] : options.Seeds).Select(s => $"\"akka.tcp://ddlo@{s}\""));
        var nodeConfig = ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $"""
            akka.cluster.roles = [{roles}]
            akka.cluster.seed-nodes = [{seeds}]
            akka.remote.dot-netty.tcp.hostname = "{options.Hostname}"
            akka.remote.dot-netty.tcp.port = {options.Port}
            """));
        var system = ActorSystem.Create("ddlo", nodeConfig.WithFallback(scenario.Config).WithFallback(BaseConfig).WithFallback(SimulationRunner.AkkaDefaults));
        system.ActorOf(WorkerHost.Props(), WorkerHost.Name);

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (options.Seeds.IsDefaultOrEmpty)
        {
            cluster.Join(cluster.SelfAddress);
        }

        var finished = await Task.WhenAny(up.Task, Task.Delay(options.JoinTimeout, cancellationToken)).ConfigureAwait(false);
        if (finished != up.Task)
        {
            await system.Terminate().ConfigureAwait(false);
            throw new ClusterJoinException(
                $"could not join the cluster through {(options.Seeds.IsDefaultOrEmpty ? "itself" : string.Join(", ", options.Seeds))} within {options.JoinTimeout.TotalSeconds:0} s: " +
                "is the seed node running at that address, and have enough nodes of each role joined (akka.cluster.role.<role>.min-nr-of-members)?");
        }

        var node = new ClusterNode(system, options);
        if (!options.IsEdge)
        {
            system.ActorOf(ClusterWatcher.Props(simulation: null, []), "cluster-watcher");
        }

        return node;
    }

    /// <summary>On the edge node: places the workers on the members' hosts, runs the simulation and returns its record.</summary>
    public async Task<RunRecord> RunSimulationAsync(Scenario scenario, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (simulation, watcher) = await StartSimulationAsync(scenario, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SimulationRunner.RunAsync(simulation, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            watcher.Tell(PoisonPill.Instance);
            simulation.Tell(PoisonPill.Instance);
        }
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
        var (simulation, watcher) = await StartSimulationAsync(scenario, checkpoints, CancellationToken.None).ConfigureAwait(false);
        try
        {
            return await SimulationRunner.RunOrStopAsync(simulation, progress, stop).ConfigureAwait(false);
        }
        finally
        {
            watcher.Tell(PoisonPill.Instance);
            simulation.Tell(PoisonPill.Instance);
        }
    }

    private async Task<(IActorRef Simulation, IActorRef Watcher)> StartSimulationAsync(Scenario scenario, CheckpointOptions? checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var members = await UpMembersAsync(cancellationToken).ConfigureAwait(false);
        var self = await HostOf(Cluster.SelfMember).ConfigureAwait(false);

        async Task<IReadOnlyList<IActorRef>> HostsFor(string role, bool edgeIfNone)
        {
            var hosts = new List<IActorRef>();
            foreach (var member in members.Where(m => m.HasRole(role) || m.HasRole("all")))
            {
                hosts.Add(await HostOf(member).ConfigureAwait(false));
            }

            return hosts.Count > 0 || !edgeIfNone ? hosts : [self];
        }

        // Devices nodes host the devices as sharded entities; without any, the edge node hosts them as plain actors.
        var deviceHosts = await HostsFor(DeviceSharding.Role, edgeIfNone: false).ConfigureAwait(false);
        var directory = new HostDirectory(
            await HostsFor("learner", edgeIfNone: false).ConfigureAwait(false),
            await HostsFor("solver", edgeIfNone: true).ConfigureAwait(false),
            deviceHosts.Count > 0 ? deviceHosts : [self],
            deviceHosts.Count > 0 ? DeviceSharding.StartProxy(System) : null);
        if (directory.Learners.Count == 0)
        {
            throw new ClusterJoinException("no member has the learner role (or all): start at least one `ddlo node --role learner`.");
        }

        // A node may run several simulations one after another (bench): each run's actors get their own names, and
        // are stopped once its record is in.
        int run = Interlocked.Increment(ref runs);
        string suffix = run == 1 ? string.Empty : $"-{run}";
        var simulation = System.ActorOf(SimulationActor.Props(scenario, SimulationSources.Generated(scenario.Settings), directory, checkpoints), "simulation" + suffix);
        var watcher = System.ActorOf(ClusterWatcher.Props(simulation, members.Select(m => m.Address).ToList()), "cluster-watcher" + suffix);
        return (simulation, watcher);
    }

    /// <summary>On the edge node, after the run: every other member leaves, then this one; returns when this node has stopped.</summary>
    public async Task LeaveClusterAsync(TimeSpan timeout)
    {
        foreach (var member in Cluster.State.Members.Where(m => m.Address != Address))
        {
            Cluster.Leave(member.Address);
        }

        await Cluster.LeaveAsync().WaitAsync(timeout).ConfigureAwait(false);
        await System.Terminate().WaitAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>
    /// The Up members once this node sees at least the configured minimum of learners: this node is Up as soon as
    /// the leader moved it, but its view of the others' moves may trail by a gossip round.
    /// </summary>
    private async Task<List<Member>> UpMembersAsync(CancellationToken cancellationToken)
    {
        int learners = Math.Max(1, System.Settings.Config.GetInt("akka.cluster.role.learner.min-nr-of-members", 1));
        var deadline = DateTime.UtcNow + Options.JoinTimeout;
        while (true)
        {
            var members = Cluster.State.Members.Where(m => m.Status == MemberStatus.Up).ToList();
            if (members.Count(m => m.HasRole("learner") || m.HasRole("all")) >= learners || DateTime.UtcNow > deadline)
            {
                return members;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<IActorRef> HostOf(Member member) =>
        System.ActorSelection(new RootActorPath(member.Address) / "user" / WorkerHost.Name).ResolveOne(TimeSpan.FromSeconds(10));

    private static Config LoadBase()
    {
        using var stream = typeof(ClusterNode).Assembly.GetManifestResourceStream("Ddlo.Actors.cluster.conf")
            ?? throw new InvalidOperationException("hocon/cluster/base.conf is not embedded in Ddlo.Actors.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
