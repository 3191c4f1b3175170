using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Edge;

/// <summary>
/// The decision coordinator: starts slots, gathers the devices' task sizes, asks the K DNNs for candidates, has
/// each priced by the bandwidth solvers and keeps the best. It orders the devices, stores the decision in the
/// replay memory and reports it. A slot whose candidates miss the deadline is decided from those that arrived
/// (all-local when none did): no slot is ever dropped. Before a checkpoint slot (and when asked to stop) it starts
/// no new slot until those in flight are decided, then has every part captured at that step and waits.
/// </summary>
public sealed class EdgeServer : ReceiveActor, IWithTimers
{
    private readonly EdgeServerSettings settings;
    private readonly IDeviceChannel devices;
    private readonly IReadOnlyList<IActorRef> dnns;
    private readonly HashSet<IActorRef> liveDnns;
    private readonly List<IActorRef> solvers;
    private readonly IActorRef memory;
    private readonly IActorRef recorder;
    private readonly IActorRef checkpointer;
    private readonly Dictionary<long, SlotState> open = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private IActorRef? owner;
    private long nextSlot;
    private long decided;
    private long degraded;
    private int nextSolver;
    private bool holding;
    private bool checkpointRequested;
    private bool stopping;
    private long lastCheckpoint;

    public EdgeServer(
        EdgeServerSettings settings,
        IDeviceChannel devices,
        IReadOnlyList<IActorRef> dnns,
        IReadOnlyList<IActorRef> solvers,
        IActorRef memory,
        IActorRef recorder,
        IActorRef checkpointer)
    {
        this.settings = settings;
        this.devices = devices;
        this.dnns = dnns;
        liveDnns = [.. dnns];
        this.solvers = [.. solvers];
        this.memory = memory;
        this.recorder = recorder;
        this.checkpointer = checkpointer;
        Receive<StartRun>(Handle);
        Receive<WorkloadReport>(Handle);
        Receive<Candidate>(Handle);
        Receive<Solved>(Handle);
        Receive<SlotDeadline>(deadline => Finish(deadline.Slot, deadlinePassed: true));
        Receive<AddSolvers>(added =>
        {
            foreach (var solver in added.Solvers)
            {
                Context.Watch(solver);
                this.solvers.Add(solver);
            }
        });
        Receive<Terminated>(Handle);
        Receive<StopAtCheckpoint>(_ =>
        {
            stopping = true;
            holding = true;
            CheckpointWhenQuiet();
        });
        Receive<ContinueAfterCheckpoint>(_ =>
        {
            if (stopping)
            {
                return;
            }

            (holding, checkpointRequested, lastCheckpoint) = (false, false, nextSlot);
            FillSlots();
        });
        nextSlot = settings.FirstSlot;
        decided = settings.FirstSlot;
        degraded = settings.DegradedBefore;
        lastCheckpoint = settings.FirstSlot;
    }

    protected override void PreStart()
    {
        foreach (var actor in dnns.Concat(solvers))
        {
            Context.Watch(actor);
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(
        EdgeServerSettings settings,
        IDeviceChannel devices,
        IReadOnlyList<IActorRef> dnns,
        IReadOnlyList<IActorRef> solvers,
        IActorRef memory,
        IActorRef recorder,
        IActorRef? checkpointer = null) =>
        Akka.Actor.Props.Create(() => new EdgeServer(settings, devices, dnns, solvers, memory, recorder, checkpointer ?? ActorRefs.Nobody));

    private void Handle(StartRun start)
    {
        owner = Sender;
        FillSlots();
        CheckpointWhenQuiet();
    }

    private void FillSlots()
    {
        while (open.Count < settings.MaxInFlight && TryStartNextSlot())
        {
        }
    }

    /// <summary>Starts the next slot unless the run is complete or a checkpoint comes first.</summary>
    private bool TryStartNextSlot()
    {
        if (holding || nextSlot >= settings.Steps)
        {
            return false;
        }

        if (settings.CheckpointInterval > 0 && nextSlot % settings.CheckpointInterval == 0 && nextSlot != lastCheckpoint)
        {
            holding = true;
            return false;
        }

        StartNextSlot();
        return true;
    }

    /// <summary>
    /// Once a held run has nothing in flight, every slot before nextSlot is decided and no later one started: the
    /// devices and the memory (which passes it on to the DNNs after their batches) capture their state now.
    /// </summary>
    private void CheckpointWhenQuiet()
    {
        if (!holding || checkpointRequested || open.Count > 0 || decided == settings.Steps || owner is null)
        {
            return;
        }

        checkpointRequested = true;
        checkpointer.Tell(new CheckpointDue(nextSlot, degraded));
        var capture = new CaptureState(checkpointer);
        for (int n = 0; n < settings.Devices; n++)
        {
            devices.Tell(n, capture, Self);
        }

        memory.Tell(capture);
    }

    private void StartNextSlot()
    {
        var slot = new SlotId(nextSlot++);
        open[slot.Value] = new SlotState(slot, settings.Devices, settings.TasksPerDevice);
        var start = new StartSlot(slot);
        for (int n = 0; n < settings.Devices; n++)
        {
            devices.Tell(n, start, Self);
        }
    }

    private void Handle(WorkloadReport report)
    {
        if (!open.TryGetValue(report.Slot.Value, out var state) || !state.AddReport(report, Stopwatch.GetTimestamp()))
        {
            return;
        }

        // The memory holds one entry per decided slot, so this many training rounds precede the decision.
        var decide = new Decide(state.Slot, state.Sizes, settings.Schedule.RoundsAfter(decided));
        foreach (var dnn in dnns)
        {
            dnn.Tell(decide);
        }

        Timers.StartSingleTimer(state.Slot.Value, new SlotDeadline(state.Slot), settings.CandidateDeadline);
    }

    private void Handle(Candidate candidate)
    {
        if (open.TryGetValue(candidate.Slot.Value, out var state) && state.HasWorkload)
        {
            if (solvers.Count == 0)
            {
                log.Warning("No bandwidth solver is left; slot {Slot} waits for its deadline", candidate.Slot.Value);
                return;
            }

            nextSolver = (nextSolver + 1) % solvers.Count;
            solvers[nextSolver].Tell(new Solve(candidate.Slot, candidate.Dnn, state.Sizes, candidate.Decision));
        }
    }

    private void Handle(Solved solved)
    {
        if (!open.TryGetValue(solved.Slot.Value, out var state))
        {
            return;
        }

        state.AddSolution(solved);
        if (state.SolutionCount >= liveDnns.Count)
        {
            Finish(solved.Slot, deadlinePassed: false);
        }
    }

    /// <summary>
    /// A DNN or a solver is gone (its node died or left). Later slots stop waiting for it; slots already complete
    /// without it are decided now. Every slot decided with fewer than K candidates counts as degraded.
    /// </summary>
    private void Handle(Terminated terminated)
    {
        solvers.Remove(terminated.ActorRef);
        int k = dnns.ToList().IndexOf(terminated.ActorRef);
        if (k < 0 || !liveDnns.Remove(terminated.ActorRef) || decided == settings.Steps)
        {
            return;
        }

        log.Warning("DNN {Dnn} is gone; slots are decided from the {Live} DNNs left", k, liveDnns.Count);
        recorder.Tell(new DnnLost(new DnnId(k)));
        foreach (var slot in open.Values.Where(s => s.HasWorkload && s.SolutionCount >= liveDnns.Count).Select(s => s.Slot).ToList())
        {
            Finish(slot, deadlinePassed: false);
        }
    }

    private void Finish(SlotId slot, bool deadlinePassed)
    {
        if (!open.Remove(slot.Value, out var state))
        {
            return;
        }

        Timers.Cancel(slot.Value);
        if (!state.HasWorkload)
        {
            // Without every device's report there is nothing to decide yet; wait for them under a fresh deadline.
            open[slot.Value] = state;
            Timers.StartSingleTimer(slot.Value, new SlotDeadline(slot), settings.CandidateDeadline);
            log.Warning("Slot {Slot} is still missing device reports after {Deadline}", slot.Value, settings.CandidateDeadline);
            return;
        }

        var best = state.Best();
        ImmutableArray<bool> decision;
        double q;
        ImmutableArray<double> bandwidth;
        if (best is not null)
        {
            (decision, q, bandwidth) = (best.Decision, best.Q, best.Bandwidth);
        }
        else
        {
            var workload = Workload.Create(settings.Devices, settings.TasksPerDevice, state.Sizes);
            var local = OffloadDecision.Uniform(workload.TaskCount, offload: false);
            var evaluation = settings.Model.Evaluate(workload, local);
            (decision, q, bandwidth) = (local.Bits, evaluation.Q, evaluation.Bandwidth);
        }

        bool isDegraded = state.SolutionCount < dnns.Count;
        if (isDegraded)
        {
            degraded++;
            if (deadlinePassed)
            {
                log.Warning("Slot {Slot} decided from {Candidates} of {K} candidates after the deadline", slot.Value, state.SolutionCount, dnns.Count);
            }
        }

        double latency = Stopwatch.GetElapsedTime(state.AssembledAt).TotalMicroseconds;
        int m = settings.TasksPerDevice;
        for (int n = 0; n < settings.Devices; n++)
        {
            devices.Tell(n, new OffloadingOrder(slot, decision.Slice(n * m, m), bandwidth[n]), Self);
        }

        memory.Tell(new Remember(slot, state.Sizes, decision));
        recorder.Tell(new SlotDecided(slot, state.Sizes, decision, q, best?.Dnn, state.SolutionCount, isDegraded, latency));
        decided++;

        if (decided == settings.Steps)
        {
            memory.Tell(new FlushMemory(recorder));
            owner?.Tell(new AllSlotsDecided(decided, degraded));
        }
        else
        {
            TryStartNextSlot();
            CheckpointWhenQuiet();
        }
    }

    /// <summary>Tells the edge server to start deciding; answers come to the sender.</summary>
    public sealed record StartRun
    {
        public static StartRun Instance { get; } = new();
    }

    private sealed record SlotDeadline(SlotId Slot);

    /// <summary>More bandwidth solvers (a solver node joined late): they share the work from now on.</summary>
    public sealed record AddSolvers(IReadOnlyList<IActorRef> Solvers);
}
