using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Systems;
using Ddlo.Learning.Candidates;

namespace Ddlo.Actors.Edge;

/// <summary>
/// The decision coordinator: starts slots, gathers the devices' task sizes, asks the K DNNs for candidates (one Decide
/// to each node's <see cref="Offloading.LearnerGroup"/>, which sends its networks' candidates in one batch to a
/// bandwidth solver the edge server names, dealt round-robin; the solver answers the best of each network here), and
/// keeps the best priced one, improved by device search when the run asks for it (a solver does the search). It orders
/// the devices (with what the decision serves and spends, for devices with queues), stores the decision in the replay
/// memory and reports it. It asks about the slots in slot order, each after the training rounds and with the candidate
/// count (DROO's adaptive count) that its place in the run fixes (<see cref="DecisionOrder"/>), so the numbers do not
/// depend on how many slots are in flight or on the timing. A slot whose candidates miss the deadline is decided from those that arrived (all-local when none did): no
/// slot is ever dropped. Pacing and the checkpoint gate are <see cref="SlotPacer"/>'s; the slots in flight, and the
/// rule that decides each, are <see cref="SlotState"/>s; the solvers are dealt round a <see cref="SolverRing{TSolver}"/>,
/// and the live proposers are a <see cref="ProposerRoster{TProposer}"/>. The actor routes.
/// </summary>
internal sealed class EdgeServer : ReceiveActor, IWithTimers
{
    private readonly EdgeServerSettings settings;
    private readonly IDeviceChannel devices;
    private readonly ProposerRoster<IActorRef> dnns;
    private readonly IReadOnlyList<IActorRef> groups;
    private readonly int contextFeatures;
    private readonly SolverRing<IActorRef> solvers;
    private readonly IActorRef memory;
    private readonly IActorRef recorder;
    private readonly IActorRef checkpointer;
    private readonly SlotPacer pacer;
    private readonly Dictionary<long, SlotState> open = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly DecisionOrder order;

    public EdgeServer(
        EdgeServerSettings settings,
        IDeviceChannel devices,
        IReadOnlyList<IActorRef> dnns,
        IReadOnlyList<IActorRef> groups,
        IReadOnlyList<IActorRef> solvers,
        IActorRef memory,
        IActorRef recorder,
        IActorRef checkpointer)
    {
        this.settings = settings;
        this.devices = devices;
        this.dnns = new ProposerRoster<IActorRef>(dnns);
        this.groups = groups;
        contextFeatures = settings.ContextFeatures;
        this.solvers = new SolverRing<IActorRef>(solvers);
        this.memory = memory;
        this.recorder = recorder;
        this.checkpointer = checkpointer;
        pacer = new SlotPacer(settings.Steps, settings.MaxInFlight, settings.CheckpointInterval, settings.FirstSlot);
        bool adaptive = settings.AdaptiveInterval > 0;
        order = new DecisionOrder(
            settings.FirstSlot, new AdaptiveCandidateCount(settings.CandidatesPerDnn, adaptive, Math.Max(1, settings.AdaptiveInterval)), adaptive, settings.Staleness);
        if (!settings.ResumeState.IsDefaultOrEmpty)
        {
            StateBlob.Read(settings.ResumeState, order);
        }

        Receive<StartRun>(_ =>
        {
            recorder.Tell(RunStarted.Instance);
            StartSlots(pacer.Start());
            CheckpointIfDue();
        });
        Receive<WorkloadReport>(Handle);
        Receive<Solved>(Handle);
        Receive<Declined>(Handle);
        Receive<Searched>(Handle);
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
            pacer.Stop();
            CheckpointIfDue();
        });
        Receive<ContinueAfterCheckpoint>(_ => StartSlots(pacer.Continue()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(
        EdgeServerSettings settings,
        IDeviceChannel devices,
        IReadOnlyList<IActorRef> dnns,
        IReadOnlyList<IActorRef> groups,
        IReadOnlyList<IActorRef> solvers,
        IActorRef memory,
        IActorRef recorder,
        IActorRef? checkpointer = null) =>
        Akka.Actor.Props.Create(() => new EdgeServer(settings, devices, dnns, groups, solvers, memory, recorder, checkpointer ?? ActorRefs.Nobody));

    protected override void PreStart()
    {
        foreach (var actor in dnns.Proposers.Concat(solvers.Solvers))
        {
            Context.Watch(actor);
        }
    }

    private void StartSlots(IReadOnlyList<SlotId> slots)
    {
        foreach (var slot in slots)
        {
            open[slot.Value] = new SlotState(slot, settings.Devices, settings.TasksPerDevice, contextFeatures);
            var start = new StartSlot(slot);
            for (int n = 0; n < settings.Devices; n++)
            {
                devices.Tell(new DeviceId(n), start, Self);
            }
        }
    }

    /// <summary>The devices and the memory (which passes it on to the DNNs after their batches) capture their state now.</summary>
    private void CheckpointIfDue()
    {
        if (!pacer.TakeDueCheckpoint())
        {
            return;
        }

        checkpointer.Tell(new CheckpointDue(pacer.NextSlot, StateBlob.Write(order)));
        var capture = new CaptureState(checkpointer);
        for (int n = 0; n < settings.Devices; n++)
        {
            devices.Tell(new DeviceId(n), capture, Self);
        }

        memory.Tell(capture);
    }

    private void Handle(WorkloadReport report)
    {
        if (!open.TryGetValue(report.Slot.Value, out var state) || !state.AddReport(report, Stopwatch.GetTimestamp()))
        {
            return;
        }

        pacer.WorkloadAssembled();
        order.Assembled(state.Slot.Value);
        AskDue();
    }

    /// <summary>
    /// Asks the proposers about every slot that is due, in slot order: one Decide for each node's proposers (their
    /// LearnerGroup), which answers with all their candidates at once. The deadline runs from here.
    /// </summary>
    private void AskDue()
    {
        foreach (var (slot, count) in order.Due())
        {
            var state = open[slot];
            Timers.StartSingleTimer(slot, new SlotDeadline(state.Slot), settings.CandidateDeadline);
            if (solvers.Count == 0)
            {
                log.Warning("No bandwidth solver is left; slot {Slot} waits for its deadline", slot);
                continue;
            }

            // The training rounds the schedule fixes for this slot, whatever has been decided or trained since.
            long rounds = settings.Schedule.RoundsBefore(slot, settings.Staleness);
            state.Asked = count;
            foreach (var group in groups)
            {
                group.Tell(new Decide(state.Slot, state.Workload!, rounds, solvers.Next(), count));
            }
        }
    }

    private void Handle(Solved solved)
    {
        if (!open.TryGetValue(solved.Slot.Value, out var state))
        {
            return;
        }

        state.AddSolution(solved);
        if (dnns.AllAnswered(state.AnswerCount))
        {
            SearchOrFinish(state);
        }
    }

    /// <summary>A proposer failed on this slot: once every live one has answered, the slot is decided from the rest (degraded).</summary>
    private void Handle(Declined declined)
    {
        if (!open.TryGetValue(declined.Slot.Value, out var state))
        {
            return;
        }

        state.AddDecline(declined.Dnn);
        if (dnns.AllAnswered(state.AnswerCount))
        {
            SearchOrFinish(state);
        }
    }

    /// <summary>
    /// Every candidate is in: a solver searches around the best when the run asks for it, else the slot is decided. A
    /// search that teaches is off the decision path: the devices get the best candidate now, and the slot closes when
    /// the search answers.
    /// </summary>
    private void SearchOrFinish(SlotState state)
    {
        if (state.Searching)
        {
            // The slot's candidates were fixed when its search started (a late one is not counted); it waits for the search.
            return;
        }

        if (settings.DeviceSearchRounds > 0 && solvers.Count > 0 && state.SearchCandidate(settings.Model.Objective) is { } best)
        {
            long now = Stopwatch.GetTimestamp();
            state.StartSearch(now);
            if (settings.SearchTeaches)
            {
                Order(state.OrderNow(settings.Model, now));
            }

            solvers.Next().Tell(new SearchAround(state.Slot, state.Workload!, best.Decision, settings.DeviceSearchRounds));
            return;
        }

        Finish(state.Slot, deadlinePassed: false);
    }

    private void Handle(Searched searched)
    {
        if (open.TryGetValue(searched.Slot.Value, out var state) && state.Searching)
        {
            state.Searched = searched;
            Finish(searched.Slot, deadlinePassed: false);
        }
    }

    /// <summary>
    /// A DNN or a solver is gone (its node died or left). Later slots stop waiting for it; slots already complete
    /// without it are decided now. Every slot decided with fewer than K candidates counts as degraded.
    /// </summary>
    private void Handle(Terminated terminated)
    {
        solvers.Remove(terminated.ActorRef);
        if (!dnns.Remove(terminated.ActorRef, out var dnn) || pacer.IsComplete)
        {
            return;
        }

        log.Warning("DNN {Dnn} is gone; slots are decided from the {Live} DNNs left", dnn.Value, dnns.LiveCount);
        recorder.Tell(new DnnLost(dnn));
        if (dnns.LiveCount == 0)
        {
            // Nothing is left to propose a decision: waiting out every slot's deadline would only look like a hang.
            Context.Parent.Tell(new RunCannotProceed(
                $"every DNN is gone (their nodes left or died) after {pacer.Decided} of {settings.Steps} slots; the run cannot go on"));
            return;
        }

        foreach (var state in open.Values.Where(s => s.HasWorkload && dnns.AllAnswered(s.AnswerCount) && !s.Searching).ToList())
        {
            SearchOrFinish(state);
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

        if (state.Searching && state.Searched is null)
        {
            log.Warning(
                "Slot {Slot}'s device search did not answer by the deadline; {Outcome}",
                slot.Value,
                state.Ordered ? "the memory keeps the decision it was ordered with" : "it is decided by the best candidate");
        }

        var decided = state.Decide(settings.Model, dnns.Count, Stopwatch.GetTimestamp());
        if (decided.Report.Degraded && deadlinePassed)
        {
            log.Warning("Slot {Slot} decided from {Candidates} of {K} candidates after the deadline", slot.Value, state.SolutionCount, dnns.Count);
        }

        if (!state.Ordered)
        {
            Order(decided.Orders);
        }

        memory.Tell(decided.Remember);
        order.Decided(slot.Value, decided.Rank);
        recorder.Tell(decided.Report);
        var next = pacer.SlotDecided();
        if (pacer.IsComplete)
        {
            memory.Tell(new FlushMemory(recorder));
            recorder.Tell(new AllSlotsDecided(pacer.Generated));
            return;
        }

        StartSlots(next);
        AskDue();
        CheckpointIfDue();
    }

    /// <summary>Each device hears its part of the decision (a device with queues, also what it serves and spends).</summary>
    private void Order(ImmutableArray<OffloadingOrder> orders)
    {
        for (int n = 0; n < settings.Devices; n++)
        {
            devices.Tell(new DeviceId(n), orders[n], Self);
        }
    }

    private sealed record SlotDeadline(SlotId Slot);
}
