using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// A policy standing in for one of the K DNNs (a baseline, an ONNX model, or a plug-in): it proposes one candidate per
/// slot, priced by the solver the edge server names, so every policy runs through the same pipeline and is recorded
/// the same way. A plug-in that learns online (<see cref="ILearningPolicy"/>) is told each slot's outcome by the
/// recorder. A policy that throws, or proposes a decision of the wrong size, declines that slot (the edge server
/// decides it from the other candidates, as degraded) and the run goes on; its failures are logged in one line each,
/// the first few and then every thousandth. When a learning policy may decide, or be captured, is its
/// <see cref="LearningGate"/>'s to say.
/// </summary>
/// <remarks>
/// A plug-in's code (given <see cref="PluginCallLimits"/>) never runs on the actor's thread: each call goes to the policy's
/// own thread (<see cref="PolicyCalls"/>) with a deadline, and <see cref="ProposerWatch"/> says what a call that
/// overruns it costs. So a plug-in that never answers fails its slots, not the run: the actor keeps answering the
/// edge server, the flush at the end and every checkpoint (without the policy's state, which is then lost). Built-in
/// policies are trusted and called in place.
/// </remarks>
internal sealed class PolicyActor : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    private const string CallTimer = "call";
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly IOffloadingPolicy policy;
    private readonly string name;
    private readonly DnnId id;
    private readonly LearningGate gate;
    private readonly PolicyCalls? calls;
    private readonly TimeSpan deadline;
    private readonly ProposerWatch watch;
    private Pending? pending;
    private long failures;

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public PolicyActor(IOffloadingPolicy policy, DnnId id, PluginCallLimits? limits)
    {
        this.policy = policy;
        // Read once: the plug-in's getter was checked when it was built, and a log line must not call its code again.
        name = policy.Name;
        this.id = id;
        gate = new LearningGate(policy is ILearningPolicy);
        watch = new ProposerWatch(limits?.Misses ?? int.MaxValue);
        deadline = limits?.Deadline ?? Timeout.InfiniteTimeSpan;
        calls = limits is null ? null : new PolicyCalls($"policy-{id.Value}");
        Receive<Decide>(Handle);
        Receive<SlotOutcomeReport>(Handle);
        Receive<TrainingBatch>(_ => { });
        Receive<FlushTraining>(flush => flush.ReplyTo.Tell(new Flushed(id, [])));
        Receive<CaptureState>(capture =>
        {
            if (watch.Busy)
            {
                Stash.Stash();
            }
            else if (gate.Capture(capture) is { } now)
            {
                Capture(now);
            }
        });
        Receive<RestoreState>(Handle);
        Receive<CallReturned>(Handle);
        Receive<CallOverran>(Handle);
    }

    /// <param name="policy">The policy, one instance per actor.</param>
    /// <param name="id">Its place among the proposers.</param>
    /// <param name="limits">For a plug-in: each call's deadline and the misses allowed; null for a built-in policy.</param>
    public static Props Props(IOffloadingPolicy policy, DnnId id, PluginCallLimits? limits = null) =>
        Akka.Actor.Props.Create(() => new PolicyActor(policy, id, limits));

    private void Handle(Decide decide)
    {
        if (watch.Busy || !gate.TryAsk())
        {
            Stash.Stash();
            return;
        }

        if (!watch.Answers)
        {
            Sender.Tell(new Declined(decide.Slot, id, NotAnswering));
            return;
        }

        Call(new Deciding(decide, Sender), () => policy.Decide(decide.Workload));
    }

    private void Handle(SlotOutcomeReport report)
    {
        if (policy is not ILearningPolicy learner)
        {
            return;
        }

        if (watch.Busy)
        {
            Stash.Stash();
            return;
        }

        if (!watch.Answers)
        {
            OutcomeHeard();
            return;
        }

        Call(new Learning(report), () =>
        {
            learner.Learn(new SlotOutcome(
                report.Slot.Value, report.Workload, OffloadDecision.FromBits(report.Decision), report.Q, report.Bandwidth, report.OptimalQ, report.Winner == id));
            return true;
        });
    }

    private void Handle(RestoreState restore)
    {
        if (watch.Busy)
        {
            Stash.Stash();
            return;
        }

        if (policy is not ICheckpointable checkpointable)
        {
            Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Dnn, id.Value, _ => { }));
            return;
        }

        if (restore.State.IsDefaultOrEmpty)
        {
            // Saved while the policy did not answer: what it had learned was lost then.
            log.Warning("Policy {Policy} has no saved state in the checkpoint (it had stopped answering): it starts afresh", name);
            Sender.Tell(new StateRestored(CheckpointParts.Dnn, id.Value));
            return;
        }

        if (!watch.Answers)
        {
            Sender.Tell(new StateRestored(CheckpointParts.Dnn, id.Value));
            return;
        }

        Call(new Restoring(Sender), () => StateBlob.Restore(restore, CheckpointParts.Dnn, id.Value, checkpointable.ReadState));
    }

    /// <summary>A policy with state (a generator, what it has learned) saves it; the others save nothing.</summary>
    private void Capture(CaptureState capture)
    {
        if (policy is not ICheckpointable checkpointable)
        {
            capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Dnn, id.Value, _ => { }));
            return;
        }

        if (!watch.Answers)
        {
            CaptureLost(capture);
            return;
        }

        Call(new Capturing(capture), () => StateBlob.Write(checkpointable));
    }

    /// <summary>A plug-in's call goes to its thread, under a deadline; a built-in policy is called here.</summary>
    private void Call<T>(Pending what, Func<T> call)
    {
        if (calls is null)
        {
            object? result;
            try
            {
                result = call();
            }
            catch (Exception e)
            {
                Completed(what, null, e);
                return;
            }

            Completed(what, result, null);
            return;
        }

        long number = watch.Start();
        pending = what;
        Timers.StartSingleTimer(CallTimer, new CallOverran(number), deadline);
        calls.Run(() => (object?)call()).PipeTo(
            Self, success: result => new CallReturned(number, result, null), failure: e => new CallReturned(number, null, e));
    }

    private void Handle(CallReturned returned)
    {
        if (!watch.Returned(returned.Call))
        {
            // Its deadline had passed and its part was given up: what it answers now is too late to count.
            log.Warning("Policy {Policy} answered after its deadline; the answer is dropped{Then}", name, watch.Failed ? string.Empty : ", and it is asked again");
            Stash.UnstashAll();
            return;
        }

        Timers.Cancel(CallTimer);
        var what = pending!;
        pending = null;
        Completed(what, returned.Result, returned.Error);
        Stash.UnstashAll();
    }

    private void Handle(CallOverran overran)
    {
        if (!watch.Overran(overran.Call))
        {
            return;
        }

        var what = pending!;
        pending = null;
        if (watch.Failed)
        {
            log.Error(
                "Policy {Policy} did not answer {What} within {Deadline} ({Misses} times): it is taken as failed, and the rest of the run is decided without it (degraded slots)",
                name, what.Description, Seconds, watch.Misses);
        }
        else
        {
            log.Warning(
                "Policy {Policy} did not answer {What} within {Deadline} (miss {Misses}); its slots are decided without it until it answers",
                name, what.Description, Seconds, watch.Misses);
        }

        GiveUp(what);
        Stash.UnstashAll();
    }

    /// <summary>What a call answered in time (or threw).</summary>
    private void Completed(Pending what, object? result, Exception? error)
    {
        switch (what)
        {
            case Deciding deciding:
                Proposed(deciding, result as OffloadDecision, error);
                break;
            case Learning learning:
                if (error is not null)
                {
                    Failed("failed to learn from slot {Slot}", learning.Report.Slot, error);
                }

                OutcomeHeard();
                break;
            case Capturing capturing when error is null:
                capturing.Capture.ReplyTo.Tell(new StateCaptured(CheckpointParts.Dnn, id.Value, (ImmutableArray<byte>)result!));
                break;
            case Capturing capturing:
                log.Error("Policy {Policy} failed to save its state: {Reason}", name, OneLine(error!));
                CaptureLost(capturing.Capture);
                break;
            case Restoring restoring:
                restoring.ReplyTo.Tell(result as StateRestored
                    ?? new StateRestored(CheckpointParts.Dnn, id.Value, $"the policy {name} could not read its saved state: {OneLine(error!)}"));
                break;
        }
    }

    /// <summary>A call that overran: its part is given up, so that nothing waits for it.</summary>
    private void GiveUp(Pending what)
    {
        switch (what)
        {
            case Deciding deciding:
                deciding.ReplyTo.Tell(new Declined(deciding.Decide.Slot, id, NotAnswering));
                break;
            case Learning:
                OutcomeHeard();
                break;
            case Capturing capturing:
                CaptureLost(capturing.Capture);
                break;
            case Restoring restoring:
                log.Warning("Policy {Policy} did not take up its saved state; it goes on without it", name);
                restoring.ReplyTo.Tell(new StateRestored(CheckpointParts.Dnn, id.Value));
                break;
        }
    }

    private void Proposed(Deciding deciding, OffloadDecision? decision, Exception? error)
    {
        var decide = deciding.Decide;
        if (error is null && (decision is null || decision.Bits.Length != decide.Workload.TaskCount))
        {
            error = new InvalidOperationException($"it proposed {decision?.Bits.Length ?? 0} decisions for {decide.Workload.TaskCount} tasks");
        }

        if (error is not null)
        {
            Failed("failed on slot {Slot}, decided without it", decide.Slot, error);
            deciding.ReplyTo.Tell(new Declined(decide.Slot, id, OneLine(error)));
            return;
        }

        // A policy that searches says how much it priced; the call is over, so nothing else touches the policy now.
        long priced = (policy as ISearchingPolicy)?.LastPriced ?? 0;
        decide.Solver.Tell(new Solve(decide.Slot, id, decide.Workload, decision!.Bits) { ProposerPriced = priced }, deciding.ReplyTo);
    }

    /// <summary>An outcome was learned from (or given up): decisions held for it may go on, after a capture that waited too.</summary>
    private void OutcomeHeard()
    {
        if (!gate.Told(out var capture))
        {
            return;
        }

        if (capture is not null)
        {
            Capture(capture);
        }

        Stash.UnstashAll();
    }

    /// <summary>The checkpoint goes on without the policy's state: a resumed run starts the policy afresh.</summary>
    private void CaptureLost(CaptureState capture)
    {
        log.Warning("Policy {Policy} is not answering: the checkpoint holds none of its state, and a run resumed from it starts the policy afresh", name);
        capture.ReplyTo.Tell(new StateCaptured(CheckpointParts.Dnn, id.Value, []));
    }

    /// <summary>The policy, with what it holds and has learned, lives on in the restarted actor.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
    }

    /// <summary>
    /// A policy that holds resources (an ONNX session, a remote policy's connection) lets them go with its actor. A
    /// plug-in's or remote policy's Dispose runs on its own thread after the calls queued there, so it never races a
    /// call still out (and waits for it, if it ever returns).
    /// </summary>
    protected override void PostStop()
    {
        if (calls is not null)
        {
            calls.DisposeAfterCalls(policy);
        }
        else
        {
            (policy as IDisposable)?.Dispose();
        }

        base.PostStop();
    }

    private string NotAnswering => $"the policy {name} is not answering (a call overran {Seconds})";

    private string Seconds => $"{deadline.TotalSeconds:0.###} s";

    /// <summary>One line per failure: the first three, then every thousandth.</summary>
    private void Failed(string what, SlotId slot, Exception e)
    {
        if (++failures <= 3 || failures % 1000 == 0)
        {
            log.Warning("Policy {Policy} " + what + " ({Failures} failures so far): {Reason}", name, slot.Value, failures, OneLine(e));
        }
    }

    private static string OneLine(Exception e) => $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}";

    /// <summary>A call to the policy that is out, and what its answer is for.</summary>
    private abstract record Pending(string Description);

    private sealed record Deciding(Decide Decide, IActorRef ReplyTo) : Pending($"slot {Decide.Slot.Value}");

    private sealed record Learning(SlotOutcomeReport Report) : Pending($"the outcome of slot {Report.Slot.Value}");

    private sealed record Capturing(CaptureState Capture) : Pending("a checkpoint's capture of its state");

    private sealed record Restoring(IActorRef ReplyTo) : Pending("its saved state");

    private sealed record CallReturned(long Call, object? Result, Exception? Error);

    private sealed record CallOverran(long Call);
}
