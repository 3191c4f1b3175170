using Akka.Actor;
using Akka.Routing;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Edge;
using Ddlo.Actors.Memory;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Offloading;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Solving;
using Ddlo.Core;
using Ddlo.Core.Policies;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Simulation;

/// <summary>
/// The root of one run: creates and supervises the devices, the K offloading actors, the solver pool, the replay
/// memory, the edge server and the recorder; starts the run when asked and answers with the whole record.
/// Failing children are restarted (the default strategy), so a crashed DNN rejoins the next slot.
/// </summary>
public sealed class SimulationActor : ReceiveActor
{
    internal const int DnnStream = 2;

    private readonly DdloSettings settings;
    private readonly SimulationSources sources;
    private IActorRef edge = ActorRefs.Nobody;
    private IActorRef recorder = ActorRefs.Nobody;
    private IActorRef? requester;

    public SimulationActor(DdloSettings settings, SimulationSources sources)
    {
        this.settings = settings;
        this.sources = sources;
        Receive<RunSimulation>(_ =>
        {
            requester = Sender;
            edge.Tell(EdgeServer.StartRun.Instance);
        });
        Receive<GetProgress>(query => recorder.Forward(query));
        Receive<AllSlotsDecided>(_ => { });
        Receive<RecordingComplete>(done => requester?.Tell(new SimulationCompleted(done.Record)));
    }

    public static Props Props(DdloSettings settings, SimulationSources sources) =>
        Akka.Actor.Props.Create(() => new SimulationActor(settings, sources));

    protected override void PreStart()
    {
        var system = settings.System;
        var learning = settings.Learning;
        var run = settings.Run;
        var model = system.CreateModel();
        int width = system.TaskCount;

        int proposers = run.Learns ? learning.DnnCount : 1;
        recorder = Context.ActorOf(
            Recorder.Props(new RecorderSettings(model, system.Devices, system.TasksPerDevice, run.Steps, proposers, sources.Oracle, run.RollingWindow, run.Policy), Self),
            "recorder");

        List<IActorRef> dnns;
        if (run.Learns)
        {
            var normalizer = new InputNormalizer(settings.Workload.MinMb, settings.Workload.MaxMb, learning.InputScale);
            dnns = Enumerable.Range(0, learning.DnnCount)
                .Select(k => Context.ActorOf(
                    OffloadingActor.Props(new DnnId(k), learning.NetworkOptions(width, Seeds.Derive(run.Seed, DnnStream, k)), normalizer, recorder),
                    $"dnn-{k}"))
                .ToList();
        }
        else
        {
            var policy = BaselinePolicies.Create(run.Policy, model, Seeds.Derive(run.Seed, DnnStream, 0));
            dnns = [Context.ActorOf(PolicyActor.Props(policy, system.Devices, system.TasksPerDevice), $"policy-{run.Policy}")];
        }

        var memory = Context.ActorOf(
            ReplayMemoryActor.Props(learning.MemorySize, width, learning.BatchSize, learning.Schedule, dnns, run.Seed),
            "replay-memory");

        var solvers = Context.ActorOf(
            BandwidthSolver.Props(model, system.Devices, system.TasksPerDevice).WithRouter(new RoundRobinPool(run.SolverPoolSize)),
            "bandwidth-solvers");

        var devices = Enumerable.Range(0, system.Devices)
            .Select(n => Context.ActorOf(WirelessDevice.Props(new DeviceId(n), sources.TaskSource(new DeviceId(n))), $"device-{n}"))
            .ToList();

        var edgeSettings = new EdgeServerSettings(
            model, system.Devices, system.TasksPerDevice, run.Steps, run.MaxInFlight, run.CandidateDeadline, learning.Schedule);
        edge = Context.ActorOf(EdgeServer.Props(edgeSettings, devices, dnns, solvers, memory, recorder), "edge-server");
    }
}
