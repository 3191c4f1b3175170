using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Cluster;

/// <summary>
/// What a member of a ddlo cluster hosts, for whatever forms the cluster (Ddlo.Hosting's <c>ClusterNode</c>, or a
/// user's own host): its worker host and device region or proxy as Akka.Hosting registrations, the watch that makes a
/// worker leave with the edge node, and on the edge node a run placed over the members.
/// </summary>
public static class ClusterMember
{
    /// <summary>The role of nodes that host the devices as sharded entities.</summary>
    public const string DevicesRole = DeviceSharding.Role;

    /// <summary>The role of the nodes that host a map's cells, each with the copy of the learner that serves them (<c>ddlo node --role cells</c>).</summary>
    public const string CellsRole = "cells";

    /// <summary>The role of the node that runs an experiment over the cluster (<c>ddlo experiment --cluster</c>); the others leave with it.</summary>
    public const string ExperimentRole = "experiment";

    /// <summary>The path of a member's worker host, which takes the run's workers (DNNs, solvers, devices) it is given.</summary>
    public static ActorPath WorkerHostPath(Address member) => new RootActorPath(member) / "user" / WorkerHost.Name;

    /// <summary>
    /// Registers this node's worker host, its device region (a devices node) or the region's proxy (the edge node),
    /// and on a runs node the run worker that takes an experiment's runs.
    /// </summary>
    public static AkkaConfigurationBuilder WithDdloMember(this AkkaConfigurationBuilder akka, IReadOnlyCollection<string> clusterRoles, bool isEdge)
    {
        ArgumentNullException.ThrowIfNull(akka);
        ArgumentNullException.ThrowIfNull(clusterRoles);
        var deviceShards = clusterRoles.Contains(DevicesRole) ? new DeviceShardRun() : null;
        akka.WithActors((system, registry) => registry.Register<WorkerHost>(system.ActorOf(WorkerHost.Props(deviceShards: deviceShards), WorkerHost.Name)));
        if (clusterRoles.Contains(Farm.RunFarmPool.Role))
        {
            // One run per core at once: a run's actors are single-threaded each.
            akka.WithActors((system, _) => system.ActorOf(Farm.RunWorker.Props(LocalSimulations.Instance.Parallelism), Farm.RunWorker.Name));
        }

        return deviceShards is not null ? akka.WithDeviceRegion(deviceShards)
            : isEdge ? akka.WithDeviceRegionProxy()
            : akka;
    }

    /// <summary>On a worker node: leaves the cluster when the edge (or experiment) node is gone, so no worker outlives the run it served.</summary>
    public static void LeaveWithEdge(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        system.ActorOf(ClusterWatcher.Props(simulation: null, []), "cluster-watcher");
    }

    /// <summary>
    /// On the edge node: places a run's DNNs on the learner members, its solvers on the solver members (this node when
    /// none) and its devices on the devices members (this node when none), and starts its simulation, named with
    /// <paramref name="suffix"/> so that one node can run several one after another.
    /// </summary>
    public static async Task<PlacedSimulation> PlaceAsync(
        ActorSystem system, ActorRegistry registry, IReadOnlyList<Member> upMembers, Scenario scenario, CheckpointOptions? checkpoints, string suffix)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(scenario);
        var self = registry.Get<WorkerHost>();
        Task<IReadOnlyList<IActorRef>> HostsFor(string role, bool selfIfNone) => HostsWithRole(system, self, upMembers, role, selfIfNone);

        var deviceHosts = await HostsFor(DevicesRole, selfIfNone: false).ConfigureAwait(false);
        var directory = new HostDirectory(
            await HostsFor("learner", selfIfNone: false).ConfigureAwait(false),
            await HostsFor("solver", selfIfNone: true).ConfigureAwait(false),
            deviceHosts.Count > 0 ? deviceHosts : [self],
            deviceHosts.Count > 0 ? registry.Get<DeviceSharding.Region>() : null);
        if (directory.Learners.Count == 0)
        {
            throw new InvalidOperationException("no member has the learner role (or all): start at least one `ddlo node --role learner`.");
        }

        var simulation = system.ActorOf(SimulationActor.Props(scenario, SimulationSources.Generated(scenario.Settings), directory, checkpoints), "simulation" + suffix);
        var watcher = system.ActorOf(ClusterWatcher.Props(simulation, upMembers.Select(m => m.Address).ToList()), "cluster-watcher" + suffix);
        return new PlacedSimulation(simulation, watcher);
    }

    /// <summary>
    /// On the edge node: runs a map of cells (<c>ddlo.topology</c>) with its learner's copies
    /// (<c>ddlo.topology.learner-copies</c>) and the cells each serves on the members with the <see cref="CellsRole"/>
    /// role (the learner members when none has it), copy l on the l-th member (mod their count), and its devices and
    /// clock on this node. The numbers are those of the same map on one node.
    /// </summary>
    /// <exception cref="InvalidOperationException">No member has the cells or the learner role.</exception>
    public static async Task<World.MapOutcome> RunMapAsync(
        ActorSystem system, ActorRegistry registry, IReadOnlyList<Member> upMembers, Scenario scenario, CheckpointOptions? checkpoints,
        IProgress<World.MapProgress>? progress, string suffix, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(scenario);
        // The nodes started for cells (`all` has the role too, but an `all` node beside learner nodes shares with them).
        var cellsNodes = upMembers.Where(m => m.HasRole(CellsRole) && !m.HasRole("all")).ToList();
        var hosts = await HostsWithRole(system, registry.Get<WorkerHost>(), cellsNodes, CellsRole, selfIfNone: false).ConfigureAwait(false);
        if (hosts.Count == 0)
        {
            hosts = await HostsWithRole(system, registry.Get<WorkerHost>(), upMembers, "learner", selfIfNone: false).ConfigureAwait(false);
        }

        if (hosts.Count == 0)
        {
            throw new InvalidOperationException("no member has the cells or the learner role (or all): start at least one `ddlo node --role cells`; each takes copies of the map's learner and their cells.");
        }

        return await World.MapRunner.RunOverAsync(system, hosts, scenario, checkpoints, progress, "map" + suffix, stop).ConfigureAwait(false);
    }

    /// <summary>The worker hosts of the members with <paramref name="role"/> (or all), in address order; this node's own when none and <paramref name="selfIfNone"/>.</summary>
    private static async Task<IReadOnlyList<IActorRef>> HostsWithRole(ActorSystem system, IActorRef self, IReadOnlyList<Member> upMembers, string role, bool selfIfNone)
    {
        var selfAddress = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var hosts = new List<IActorRef>();
        foreach (var member in upMembers.Where(m => m.HasRole(role) || m.HasRole("all")))
        {
            hosts.Add(member.Address == selfAddress ? self : await HostOf(system, member).ConfigureAwait(false));
        }

        return hosts.Count > 0 || !selfIfNone ? hosts : [self];
    }

    /// <summary>Another member's worker host (a registry holds its own node's actors only).</summary>
    private static Task<IActorRef> HostOf(ActorSystem system, Member member) =>
        system.ActorSelection(WorkerHostPath(member.Address)).ResolveOne(TimeSpan.FromSeconds(10));
}
