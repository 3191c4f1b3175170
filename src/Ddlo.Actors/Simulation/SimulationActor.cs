using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Checkpoints;
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
/// the run when asked, and answers with the whole record. Failing children are restarted (the default strategy), but
/// for the replay memory, which cannot be rebuilt in the middle of a run: its failure stops the run in one line, and
/// the last checkpoint saved resumes it.
/// With checkpoint options a <see cref="Checkpointer"/> child saves the checkpoints, and a resumed run hands every
/// worker its saved state before the first slot. Where the workers are, and whether all are placed, is
/// <see cref="Placement"/>'s.
/// </summary>
internal sealed class SimulationActor : ReceiveActor, IWithStash
{
    private readonly Scenario scenario;
    private readonly SimulationSources sources;
    private readonly HostDirectory? hosts;
    private readonly CheckpointOptions? checkpoints;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Placement placement;
    private IActorRef recorder = ActorRefs.Nobody;
    private IActorRef edge = ActorRefs.Nobody;
    private IActorRef memory = ActorRefs.Nobody;
    private IDeviceChannel? channel;
    private IActorRef? requester;
    private CheckpointRestore? restore;
    private CheckpointStats checkpointStats = CheckpointStats.None;
    private long? lastCheckpoint;
    private bool stopRequested;

    public SimulationActor(Scenario scenario, SimulationSources sources, HostDirectory? hosts, CheckpointOptions? checkpoints)
    {
        this.scenario = scenario;
        this.sources = sources;
        this.hosts = hosts;
        this.checkpoints = checkpoints;
        placement = new Placement(Proposers, Settings.System.Devices);
        Placing();
    }

    public IStash Stash { get; set; } = null!;

    private RunCheckpoint? ResumeFrom => checkpoints?.ResumeFrom;

    private DdloSettings Settings => scenario.Settings;

    private int Proposers => Settings.Proposers;

    /// <param name="scenario">The run's settings.</param>
    /// <param name="sources">Task sources for a local host, and the optimum oracle of the recorder.</param>
    /// <param name="hosts">Where to place the workers; null creates one local host for everything.</param>
    /// <param name="checkpoints">Where to save checkpoints and what to resume from; null: no checkpoints.</param>
    public static Props Props(Scenario scenario, SimulationSources sources, HostDirectory? hosts = null, CheckpointOptions? checkpoints = null) =>
        Akka.Actor.Props.Create(() => new SimulationActor(scenario, sources, hosts, checkpoints));

    /// <summary>
    /// A restarted replay memory would have lost its entries and the slots it holds back for an earlier one, so that
    /// later slots wait for training that never comes: it is stopped, and so is the run.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(
        -1,
        -1,
        Decider.From(failure =>
        {
            if (!Sender.Equals(memory))
            {
                log.Warning("{Child} failed: {Reason}", Sender.Path.Name, failure.GetBaseException().Message.Split('\n')[0]);
                return Akka.Actor.SupervisorStrategy.DefaultDecider.Decide(failure);
            }

            Self.Tell(new RunCannotProceed(MemoryFailed(failure)));
            return Directive.Stop;
        }),
        loggingEnabled: false);

    private string MemoryFailed(Exception failure)
    {
        string what = failure is ReplayMemoryException ? failure.Message : $"the replay memory failed: {failure.GetType().Name}: {failure.Message.Split('\n', 2)[0].Trim()}";
        string resume = lastCheckpoint is { } step
            ? $"its checkpoint at step {step} is kept, and simulate --resume continues from there"
            : checkpoints is null ? "this run saves no checkpoints" : "no checkpoint had been saved yet";
        return $"{what}; the memory cannot be rebuilt in the middle of a run, so the run stops ({resume})";
    }

    protected override void PreStart()
    {
        var system = Settings.System;
        var run = Settings.Run;
        recorder = Context.ActorOf(
            Recorder.Props(new RecorderSettings(system.CreateSystemModel(), run.Steps, Proposers, sources.Oracle, run.RollingWindow, run.PolicyName)
            {
                MaxDnnRestarts = run.MaxDnnRestarts,
                SearchTeaches = run.Learns && Settings.Learning.DeviceSearchRounds > 0 && Settings.Learning.SearchTeaches,
                // Written where the run's results go: a run without a results folder (an experiment's) writes none.
                DecisionsPath = Settings.Results.Decisions && checkpoints is not null ? Path.Combine(checkpoints.Directory, DecisionsFile.FileName) : null,
            }, Self),
            "recorder");

        var directory = hosts ?? HostDirectory.OnOneHost(Context.ActorOf(WorkerHost.Props(sources), WorkerHost.Name));
        var settings = Settings;
        foreach (var (host, ids) in Spread(Proposers, directory.Learners))
        {
            host.Tell(new HostDnns(settings, [.. ids.Select(k => new DnnId(k))], recorder));
        }

        if (directory.DeviceRegion is { } region)
        {
            placement.ExpectDeviceShards(region, directory.Devices.Count);
            foreach (var host in directory.Devices)
            {
                host.Tell(new StartDeviceShards(settings));
            }
        }
        else
        {
            foreach (var (host, ids) in Spread(system.Devices, directory.Devices))
            {
                host.Tell(new HostDevices(settings, [.. ids.Select(n => new DeviceId(n))]));
            }
        }

        placement.ExpectSolverHosts(directory.Solvers.Count);
        foreach (var host in directory.Solvers)
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
            placement.Add(hosted);
            StartWhenPlaced();
        });
        Receive<DevicesHosted>(hosted =>
        {
            placement.Add(hosted);
            StartWhenPlaced();
        });
        Receive<SolversHosted>(hosted =>
        {
            placement.Add(hosted);
            StartWhenPlaced();
        });
        Receive<DeviceShardsStarted>(_ =>
        {
            placement.DeviceShardsStarted();
            StartWhenPlaced();
        });
        Receive<HostingFailed>(failed =>
        {
            log.Error("The run cannot start: {Reason}", failed.Reason);
            BecomeFailed(new SimulationFailedException(failed.Reason));
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        Receive<RecordingComplete>(done => requester?.Tell(new SimulationCompleted(done.Record with
        {
            Checkpoints = checkpointStats,
            ResumedFrom = ResumeFrom?.Step,
        })));
        Receive<RunSimulation>(_ =>
        {
            requester = Sender;
            edge.Tell(StartRun.Instance);
        });
        Receive<GetProgress>(query => recorder.Forward(query));
        Receive<StopAtCheckpoint>(_ =>
        {
            if (checkpoints is null)
            {
                log.Warning("This run saves no checkpoints, so it cannot stop at one; it runs to the end");
                return;
            }

            stopRequested = true;
            edge.Tell(StopAtCheckpoint.Instance);
        });
        Receive<CheckpointSaved>(Handle);
        Receive<CheckpointFailed>(Handle);
        Receive<RunCannotProceed>(failed =>
        {
            log.Error("The run stops: {Reason}", failed.Reason);
            requester?.Tell(new Status.Failure(new SimulationFailedException(failed.Reason)));
        });
        Receive<AddSolverHost>(added => added.Host.Tell(new HostSolvers(Settings, Settings.Run.SolverPoolSize)));
        Receive<SolversHosted>(hosted => edge.Tell(new AddSolvers(hosted.Actors)));
    }

    private void StartWhenPlaced()
    {
        if (!placement.IsComplete)
        {
            return;
        }

        var system = Settings.System;
        var learning = Settings.Learning;
        var run = Settings.Run;
        memory = Context.ActorOf(
            ReplayMemoryActor.Props(
                learning.MemorySize, system.TaskCount, learning.BatchSize, learning.Schedule, [.. placement.Dnns.Values], run.Seed, system.TaskCount + system.ContextInputs, placement.Groups,
                run.MemoryFailsAt),
            "replay-memory");
        channel = placement.Channel;
        if (run.PolicyLearns)
        {
            recorder.Tell(new ReportOutcomesTo([.. placement.Dnns.Values]));
        }

        Context.GetLogger().Info(
            "Run placed: {Dnns} proposers on {DnnNodes} node(s), {Devices} devices {DevicePlacement}, {Solvers} solvers on {SolverNodes}",
            placement.Dnns.Count, Nodes(placement.Dnns.Values), system.Devices, placement.Sharded ? "sharded over the devices nodes" : $"on {Nodes(placement.Devices)} node(s)",
            placement.Solvers.Count, Nodes(placement.Solvers));
        if (ResumeFrom is { } checkpoint)
        {
            StartRestore(checkpoint);
            return;
        }

        StartEdge();
    }

    /// <summary>Hands every worker its saved state; the edge server starts once all have taken it up.</summary>
    private void StartRestore(RunCheckpoint checkpoint)
    {
        try
        {
            restore = new CheckpointRestore(checkpoint, placement.Dnns.Keys, Settings.System.Devices);
        }
        catch (CheckpointException e)
        {
            BecomeFailed(e.Message);
            return;
        }

        foreach (var part in restore.Parts)
        {
            switch (part.Name)
            {
                case CheckpointParts.Recorder: recorder.Tell(part.Message); break;
                case CheckpointParts.Memory: memory.Tell(part.Message); break;
                case CheckpointParts.Dnn: placement.Dnns[new DnnId(part.Index)].Tell(part.Message); break;
                default: channel!.Tell(new DeviceId(part.Index), part.Message, Self); break;
            }
        }

        Become(Restoring);
        Stash.UnstashAll();
    }

    private void Restoring()
    {
        Receive<StateRestored>(restored =>
        {
            if (!restore!.Add(restored))
            {
                return;
            }

            if (restore.Error is { } error)
            {
                BecomeFailed(error);
                return;
            }

            log.Info("Resumed from the checkpoint at step {Step}", restore.Step);
            StartEdge();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    /// <summary>A checkpoint that cannot be taken up fails the run: the request, and every progress query, gets the reason.</summary>
    private void BecomeFailed(string error) => BecomeFailed(new CheckpointException($"cannot resume: {error}"));

    /// <summary>A run that cannot start: the request, and every progress query, gets <paramref name="reason"/>.</summary>
    private void BecomeFailed(Exception reason)
    {
        var failure = new Status.Failure(reason);
        Become(() =>
        {
            Receive<RunSimulation>(_ => Sender.Tell(failure));
            Receive<GetProgress>(_ => Sender.Tell(failure));
            ReceiveAny(_ => { });
        });
        Stash.UnstashAll();
    }

    private void StartEdge()
    {
        var system = Settings.System;
        var learning = Settings.Learning;
        var run = Settings.Run;
        var edgeSettings = new EdgeServerSettings(
            system.CreateSystemModel(), system.Devices, system.TasksPerDevice, run.Steps, run.MaxInFlight, run.CandidateDeadline, learning.Schedule)
        {
            CheckpointInterval = checkpoints is null ? 0 : run.CheckpointInterval,
            FirstSlot = ResumeFrom?.Step ?? 0,
            CandidatesPerDnn = learning.CandidatesPerDnn,
            AdaptiveInterval = learning.AdaptiveCandidates ? learning.AdaptiveInterval : 0,
            DeviceSearchRounds = run.Learns ? learning.DeviceSearchRounds : 0,
            SearchTeaches = learning.SearchTeaches,
            Staleness = learning.Staleness,
            ContextFeatures = system.ContextInputs / system.Devices,
            ResumeState = ResumeFrom?.Part(CheckpointParts.Edge, 0) ?? [],
        };
        var checkpointer = checkpoints is null
            ? ActorRefs.Nobody
            : Context.ActorOf(Checkpointer.Props(checkpoints.Directory, scenario.SettingsHocon, recorder, Proposers, system.Devices), "checkpointer");
        edge = Context.ActorOf(EdgeServer.Props(edgeSettings, channel!, [.. placement.Dnns.Values], [.. placement.Groups.Select(g => g.Group)], [.. placement.Solvers], memory, recorder, checkpointer), "edge-server");
        Become(Running);
        Stash.UnstashAll();
    }

    private void Handle(CheckpointSaved saved)
    {
        checkpointStats = checkpointStats.Add(saved.Bytes, saved.Milliseconds);
        lastCheckpoint = saved.Step;
        log.Info("Checkpoint at step {Step}: {Kilobytes:0.0} KB in {Milliseconds:0.0} ms", saved.Step, saved.Bytes / 1024.0, saved.Milliseconds);
        if (stopRequested)
        {
            requester?.Tell(new SimulationStopped(saved.Step, saved.Path));
            return;
        }

        edge.Tell(ContinueAfterCheckpoint.Instance);
    }

    /// <summary>
    /// A checkpoint that cannot be written (disk full, I/O error, folder gone) stops the run at once: going on would
    /// compute steps it cannot keep. The last good checkpoint is still on disk (a save replaces it only once complete).
    /// One that could not be gathered (a worker that did not answer) costs that checkpoint, not the run.
    /// </summary>
    private void Handle(CheckpointFailed failed)
    {
        if (failed.WriteFailure is { } cannotWrite)
        {
            // Into the log only: the command ends with the one line that says it all.
            log.Info("Checkpoint at step {Step} not saved, so the run stops: {Reason}", failed.Step, cannotWrite.Message);
            requester?.Tell(new Status.Failure(cannotWrite));
            BecomeFailed(cannotWrite);
            return;
        }

        log.Error("Checkpoint at step {Step} not saved: {Reason}", failed.Step, failed.Reason);
        if (stopRequested)
        {
            requester?.Tell(new Status.Failure(new CheckpointException($"the run was asked to stop, but its checkpoint at step {failed.Step} could not be saved: {failed.Reason}")));
            return;
        }

        edge.Tell(ContinueAfterCheckpoint.Instance);
    }

    private static int Nodes(IEnumerable<IActorRef> actors) => actors.Select(a => a.Path.Address).Distinct().Count();
}
