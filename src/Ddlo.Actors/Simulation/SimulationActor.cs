using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Edge;
using Ddlo.Actors.Hosting;
using Ddlo.Actors.Memory;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;

namespace Ddlo.Actors.Simulation;

/// <summary>
/// The root of one run. It creates the recorder, asks the worker hosts for the K DNNs, the solvers and the devices
/// (a local host on one node, remote hosts in a cluster), then creates the replay memory and the edge server, starts
/// the run when asked, and answers with the whole record. Failing children are restarted (the default strategy).
/// </summary>
public sealed class SimulationActor : ReceiveActor, IWithStash
{
    private readonly Scenario scenario;
    private readonly SimulationSources sources;
    private readonly HostDirectory? hosts;
    private readonly SortedDictionary<int, IActorRef> dnns = [];
    private readonly SortedDictionary<int, IActorRef> devices = [];
    private readonly List<IActorRef> solvers = [];
    private int solverHostsPending;
    private int deviceShardHostsPending;
    private IActorRef? deviceRegion;
    private IActorRef recorder = ActorRefs.Nobody;
    private IActorRef edge = ActorRefs.Nobody;
    private IActorRef? requester;

    public SimulationActor(Scenario scenario, SimulationSources sources, HostDirectory? hosts)
    {
        this.scenario = scenario;
        this.sources = sources;
        this.hosts = hosts;
        Placing();
    }

    public IStash Stash { get; set; } = null!;

    private DdloSettings Settings => scenario.Settings;

    private int Proposers => Settings.Run.Learns ? Settings.Learning.DnnCount : 1;

    /// <param name="scenario">The run's settings (sent as HOCON to the hosts).</param>
    /// <param name="sources">Task sources for a local host, and the optimum oracle of the recorder.</param>
    /// <param name="hosts">Where to place the workers; null creates one local host for everything.</param>
    public static Props Props(Scenario scenario, SimulationSources sources, HostDirectory? hosts = null) =>
        Akka.Actor.Props.Create(() => new SimulationActor(scenario, sources, hosts));

    protected override void PreStart()
    {
        var system = Settings.System;
        var run = Settings.Run;
        recorder = Context.ActorOf(
            Recorder.Props(new RecorderSettings(system.CreateModel(), system.Devices, system.TasksPerDevice, run.Steps, Proposers, sources.Oracle, run.RollingWindow, run.Policy), Self),
            "recorder");

        var placement = hosts ?? HostDirectory.OnOneHost(Context.ActorOf(WorkerHost.Props(sources), WorkerHost.Name));
        string settings = scenario.SettingsHocon;
        foreach (var (host, ids) in Spread(Proposers, placement.Learners))
        {
            host.Tell(new HostDnns(settings, ids, recorder, StartRound: 0));
        }

        if (placement.DeviceRegion is { } region)
        {
            deviceRegion = region;
            deviceShardHostsPending = placement.Devices.Count;
            foreach (var host in placement.Devices)
            {
                host.Tell(new StartDeviceShards(settings));
            }
        }
        else
        {
            foreach (var (host, ids) in Spread(system.Devices, placement.Devices))
            {
                host.Tell(new HostDevices(settings, ids));
            }
        }

        solverHostsPending = placement.Solvers.Count;
        foreach (var host in placement.Solvers)
        {
            host.Tell(new HostSolvers(settings, run.SolverPoolSize));
        }
    }

    /// <summary>Ids 0..count-1 dealt round-robin over the hosts (hosts that get none are left out).</summary>
    private static IEnumerable<(IActorRef Host, ImmutableArray<int> Ids)> Spread(int count, IReadOnlyList<IActorRef> hosts) =>
        Enumerable.Range(0, count)
            .GroupBy(i => i % hosts.Count)
            .Select(group => (hosts[group.Key], group.ToImmutableArray()));

    private void Placing()
    {
        Receive<DnnsHosted>(hosted =>
        {
            Add(dnns, hosted.Dnns, hosted.Actors);
            StartWhenPlaced();
        });
        Receive<DevicesHosted>(hosted =>
        {
            Add(devices, hosted.Devices, hosted.Actors);
            StartWhenPlaced();
        });
        Receive<SolversHosted>(hosted =>
        {
            solvers.AddRange(hosted.Actors);
            solverHostsPending--;
            StartWhenPlaced();
        });
        Receive<DeviceShardsStarted>(_ =>
        {
            deviceShardHostsPending--;
            StartWhenPlaced();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<RunSimulation>(_ =>
        {
            requester = Sender;
            edge.Tell(EdgeServer.StartRun.Instance);
        });
        Receive<GetProgress>(query => recorder.Forward(query));
        Receive<AllSlotsDecided>(_ => { });
        Receive<RecordingComplete>(done => requester?.Tell(new SimulationCompleted(done.Record)));
        Receive<AddSolverHost>(added => added.Host.Tell(new HostSolvers(scenario.SettingsHocon, Settings.Run.SolverPoolSize)));
        Receive<SolversHosted>(hosted => edge.Tell(new EdgeServer.AddSolvers(hosted.Actors)));
    }

    private void StartWhenPlaced()
    {
        bool devicesReady = deviceRegion is not null ? deviceShardHostsPending == 0 : devices.Count == Settings.System.Devices;
        if (dnns.Count < Proposers || !devicesReady || solverHostsPending > 0)
        {
            return;
        }

        var system = Settings.System;
        var learning = Settings.Learning;
        var run = Settings.Run;
        var memory = Context.ActorOf(
            ReplayMemoryActor.Props(learning.MemorySize, system.TaskCount, learning.BatchSize, learning.Schedule, [.. dnns.Values], run.Seed),
            "replay-memory");
        var edgeSettings = new EdgeServerSettings(
            system.CreateModel(), system.Devices, system.TasksPerDevice, run.Steps, run.MaxInFlight, run.CandidateDeadline, learning.Schedule);
        IDeviceChannel channel = deviceRegion is not null ? new DeviceShardRegion(deviceRegion) : new DeviceRefs([.. devices.Values]);
        edge = Context.ActorOf(EdgeServer.Props(edgeSettings, channel, [.. dnns.Values], [.. solvers], memory, recorder), "edge-server");
        Context.GetLogger().Info(
            "Run placed: {Dnns} proposers on {DnnNodes} node(s), {Devices} devices {DevicePlacement}, {Solvers} solvers on {SolverNodes}",
            dnns.Count, Nodes(dnns.Values), system.Devices, deviceRegion is not null ? "sharded over the devices nodes" : $"on {Nodes(devices.Values)} node(s)",
            solvers.Count, Nodes(solvers));
        Become(Running);
        Stash.UnstashAll();
    }

    private static int Nodes(IEnumerable<IActorRef> actors) => actors.Select(a => a.Path.Address).Distinct().Count();

    private static void Add(SortedDictionary<int, IActorRef> into, ImmutableArray<int> ids, ImmutableArray<IActorRef> actors)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            into[ids[i]] = actors[i];
        }
    }

    /// <summary>A solver host joined the cluster after the run started: give it solvers and route work to them.</summary>
    public sealed record AddSolverHost(IActorRef Host);
}
