using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Edge;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Simulation;

/// <summary>
/// Where a run's workers are, as the worker hosts report them: the K proposers by id (with the learner group that takes
/// each node's Decide), the N devices by id (or, when the devices are sharded, which device hosts have started their
/// part of the region), and the solvers; and whether everything the run needs is placed. Plain state, no Akka behaviour.
/// </summary>
internal sealed class Placement(int proposers, int devices)
{
    private readonly SortedDictionary<DnnId, IActorRef> dnns = new(Comparer<DnnId>.Create((a, b) => a.Value.CompareTo(b.Value)));
    private readonly List<(IActorRef Group, ImmutableArray<DnnId> Dnns)> groups = [];
    private readonly SortedDictionary<DeviceId, IActorRef> deviceActors = new(Comparer<DeviceId>.Create((a, b) => a.Value.CompareTo(b.Value)));
    private readonly List<IActorRef> solvers = [];
    private int solverHostsPending;
    private int deviceShardHostsPending;
    private IActorRef? deviceRegion;

    /// <summary>The proposers placed so far, in the order of their ids.</summary>
    public IReadOnlyDictionary<DnnId, IActorRef> Dnns => dnns;

    /// <summary>Each node's learner group, with the proposers it holds.</summary>
    public IReadOnlyList<(IActorRef Group, ImmutableArray<DnnId> Dnns)> Groups => groups;

    /// <summary>The devices placed so far, in the order of their ids (none when they are sharded).</summary>
    public IEnumerable<IActorRef> Devices => deviceActors.Values;

    public IReadOnlyList<IActorRef> Solvers => solvers;

    /// <summary>The devices are entities of a cluster shard region.</summary>
    public bool Sharded => deviceRegion is not null;

    /// <summary>Every proposer, every device (or every device host's part of the region) and every solver host's solvers are in.</summary>
    public bool IsComplete =>
        dnns.Count >= proposers && (deviceRegion is not null ? deviceShardHostsPending == 0 : deviceActors.Count == devices) && solverHostsPending <= 0;

    /// <summary>How the edge server reaches the devices: through the shard region, or by their refs in the order of their ids.</summary>
    public IDeviceChannel Channel => deviceRegion is not null ? new DeviceShardRegion(deviceRegion) : new DeviceRefs([.. deviceActors.Values]);

    /// <summary>This many hosts each answer with their solvers.</summary>
    public void ExpectSolverHosts(int hosts) => solverHostsPending = hosts;

    /// <summary>The devices are sharded over this many hosts, each of which says when its part of <paramref name="region"/> runs.</summary>
    public void ExpectDeviceShards(IActorRef region, int hosts) => (deviceRegion, deviceShardHostsPending) = (region, hosts);

    public void Add(DnnsHosted hosted)
    {
        ArgumentNullException.ThrowIfNull(hosted);
        Add(dnns, hosted.Dnns, hosted.Actors);
        groups.Add((hosted.Group, hosted.Dnns));
    }

    public void Add(DevicesHosted hosted)
    {
        ArgumentNullException.ThrowIfNull(hosted);
        Add(deviceActors, hosted.Devices, hosted.Actors);
    }

    public void Add(SolversHosted hosted)
    {
        ArgumentNullException.ThrowIfNull(hosted);
        solvers.AddRange(hosted.Actors);
        solverHostsPending--;
    }

    public void DeviceShardsStarted() => deviceShardHostsPending--;

    private static void Add<TId>(SortedDictionary<TId, IActorRef> into, ImmutableArray<TId> ids, ImmutableArray<IActorRef> actors)
        where TId : notnull
    {
        for (int i = 0; i < ids.Length; i++)
        {
            into[ids[i]] = actors[i];
        }
    }
}
