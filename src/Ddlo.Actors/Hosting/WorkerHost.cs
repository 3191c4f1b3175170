using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Offloading;
using Ddlo.Actors.Simulation;
using Ddlo.Actors.Solving;
using Ddlo.Core;
using Ddlo.Core.Policies;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Hosting;

/// <summary>
/// One per node (<c>/user/worker-host</c>), or one per single-node run: creates the DNN, solver and device actors a
/// simulation asks for, as its own children, and answers with their refs. Placement is thereby configuration: the
/// same request goes to a local host or to one on another node. Requests carry the run's typed settings; between
/// nodes the serializer carries them as HOCON.
/// </summary>
internal sealed class WorkerHost : ReceiveActor
{
    /// <summary>The actor name every node gives its host.</summary>
    public const string Name = "worker-host";

    private readonly SimulationSources? localSources;
    private readonly Cluster.DeviceShardRun? deviceShards;
    private int generation;

    /// <param name="localSources">Task sources of a single-node run; a cluster node builds generated ones from the settings it is sent.</param>
    /// <param name="deviceShards">On a devices node: the run its sharded device entities belong to.</param>
    public WorkerHost(SimulationSources? localSources, Cluster.DeviceShardRun? deviceShards)
    {
        this.localSources = localSources;
        this.deviceShards = deviceShards;
        Receive<HostDnns>(Handle);
        Receive<HostSolvers>(Handle);
        Receive<HostDevices>(Handle);
        Receive<StartDeviceShards>(Handle);
        Receive<World.HostMapPart>(Handle);
    }

    public static Props Props(SimulationSources? localSources = null, Cluster.DeviceShardRun? deviceShards = null) =>
        Akka.Actor.Props.Create(() => new WorkerHost(localSources, deviceShards));

    /// <summary>
    /// Akka's usual directives, with a one-line log of each failure instead of a stack trace per restart (a DNN logs
    /// its own restart, with the weights it restarts from).
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(
        -1,
        -1,
        Decider.From(failure =>
        {
            if (Sender is { } worker && !worker.Path.Name.StartsWith("dnn-", StringComparison.Ordinal))
            {
                Context.GetLogger().Warning("{Worker} failed: {Reason}", worker.Path.Name, failure.GetBaseException().Message.Split('\n')[0]);
            }

            return Akka.Actor.SupervisorStrategy.DefaultDecider.Decide(failure);
        }),
        loggingEnabled: false);

    private void Handle(StartDeviceShards start)
    {
        var node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;
        if (deviceShards is null)
        {
            Sender.Tell(new HostingFailed($"{node}: asked to host sharded devices, but it has no devices role."));
            return;
        }

        deviceShards.Use(start.Settings);
        Sender.Tell(new DeviceShardsStarted(node));
    }

    private void Handle(HostDnns request)
    {
        var settings = request.Settings;
        var run = settings.Run;
        var normalizer = settings.CreateNormalizer();
        IOffloadingPolicy[] policies;
        try
        {
            // Built before any actor: a plug-in or model this node cannot load fails the run at once, in one line, and
            // so do numerics other than those this node's process already runs under.
            _ = Ddlo.Learning.TorchRuntime.UseNumerics(run.Numerics);
            policies = run.Learns ? [] : [.. request.Dnns.Select(k => settings.CreatePolicy(Seeds.Derive(run.Seed, Seeds.DnnStream, k.Value), k.Value))];
        }
        catch (Exception e) when (e is Plugins.PluginException or Remote.RemotePolicyException or Ddlo.Learning.Deployment.ModelFormatException or Ddlo.Learning.NumericsConflictException)
        {
            Context.GetLogger().Error("Cannot host the proposers: {Reason}", e.Message);
            Sender.Tell(new HostingFailed($"{((ExtendedActorSystem)Context.System).Provider.DefaultAddress}: {e.Message}"));
            return;
        }

        // A plug-in's code (or a remote policy's server) is not ours: each call runs off its actor, under the candidate deadline.
        var limits = run.IsForeign ? new PluginCallLimits(run.CandidateDeadline, run.PluginMisses) : null;
        var actors = request.Dnns.Select((k, i) => run.Learns
            ? Context.ActorOf(OffloadingActor.Props(
                k, settings.NetworkOptions(k.Value), normalizer, request.Recorder, settings.Learning.Quantiser,
                WeightHistory.DepthFor(settings.Learning.Staleness, settings.Learning.TrainingInterval), run.MaxPauseOf(k.Value)), UniqueName($"dnn-{k}"))
            : Context.ActorOf(PolicyActor.Props(policies[i], k, limits), UniqueName($"policy-{run.PolicyName}"))).ToImmutableArray();
        // The group sends what it has a little before the edge server's own deadline, so that those candidates still count.
        var group = Context.ActorOf(LearnerGroup.Props([.. request.Dnns.Zip(actors)], run.LearnerGroupDeadline), UniqueName("learner-group"));
        Sender.Tell(new DnnsHosted(request.Dnns, actors) { Group = group });
    }

    private void Handle(HostSolvers request)
    {
        var model = request.Settings.System.CreateSystemModel();
        var actors = Enumerable.Range(0, request.Count).Select(i => Context.ActorOf(BandwidthSolver.Props(model), UniqueName($"solver-{i}")));
        Sender.Tell(new SolversHosted([.. actors]));
    }

    private void Handle(HostDevices request)
    {
        var sources = localSources ?? SimulationSources.Generated(request.Settings);
        var actors = request.Devices.Select(n => Context.ActorOf(WirelessDevice.Props(n, sources.TaskSource(n), sources.Queues?.Invoke(n), sources.Contexts?.Invoke(n)), UniqueName($"device-{n}")));
        Sender.Tell(new DevicesHosted(request.Devices, [.. actors]));
    }

    /// <summary>A map run's learner copy and its cells, built here from the run's settings (a map spread over the cluster).</summary>
    private void Handle(World.HostMapPart request)
    {
        World.MapPlan plan;
        try
        {
            _ = Ddlo.Learning.TorchRuntime.UseNumerics(request.Settings.Run.Numerics);
            plan = new World.MapPlan(request.Settings);
        }
        catch (Exception e)
        {
            // Whatever keeps this node from building its part is the run's to report, in one line.
            Sender.Tell(new HostingFailed($"{((ExtendedActorSystem)Context.System).Provider.DefaultAddress} could not host its part of the map: {e.Message.Split('\n')[0]}"));
            return;
        }

        Context.ActorOf(World.MapPart.Props(plan, request, Sender), UniqueName($"map-part-{request.Learner}"));
    }

    private string UniqueName(string name) => Context.Child(name).IsNobody() ? name : $"{name}-{++generation}";
}
