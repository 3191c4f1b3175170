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
internal sealed class PolicyActor : ReceiveActor, IWithUnboundedStash
{
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly IOffloadingPolicy policy;
    private readonly DnnId id;
    private readonly LearningGate gate;
    private long failures;

    public IStash Stash { get; set; } = null!;

    public PolicyActor(IOffloadingPolicy policy, DnnId id)
    {
        this.policy = policy;
        this.id = id;
        gate = new LearningGate(policy is ILearningPolicy);
        Receive<Decide>(decide =>
        {
            if (!gate.TryAsk())
            {
                Stash.Stash();
                return;
            }

            Handle(decide);
        });
        Receive<SlotOutcomeReport>(Handle);
        Receive<TrainingBatch>(_ => { });
        Receive<FlushTraining>(flush => flush.ReplyTo.Tell(new Flushed(id, [])));
        Receive<CaptureState>(capture =>
        {
            if (gate.Capture(capture) is { } now)
            {
                Capture(now);
            }
        });
        Receive<RestoreState>(restore =>
            Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Dnn, id.Value, reader => (policy as ICheckpointable)?.ReadState(reader))));
    }

    private void Handle(Decide decide)
    {
        OffloadDecision decision;
        try
        {
            decision = policy.Decide(decide.Workload);
            if (decision is null || decision.Bits.Length != decide.Workload.TaskCount)
            {
                throw new InvalidOperationException($"it proposed {decision?.Bits.Length ?? 0} decisions for {decide.Workload.TaskCount} tasks");
            }
        }
        catch (Exception e)
        {
            Failed("failed on slot {Slot}, decided without it", decide.Slot, e);
            Sender.Tell(new Declined(decide.Slot, id, OneLine(e)));
            return;
        }

        decide.Solver.Tell(new Solve(decide.Slot, id, decide.Workload, decision.Bits), Sender);
    }

    private void Handle(SlotOutcomeReport report)
    {
        if (policy is not ILearningPolicy learner)
        {
            return;
        }

        try
        {
            learner.Learn(new SlotOutcome(
                report.Slot.Value, report.Workload, OffloadDecision.FromBits(report.Decision), report.Q, report.Bandwidth, report.OptimalQ, report.Winner == id));
        }
        catch (Exception e)
        {
            Failed("failed to learn from slot {Slot}", report.Slot, e);
        }

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

    /// <summary>The policy, with what it holds and has learned, lives on in the restarted actor.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
    }

    /// <summary>A policy that holds resources (an ONNX session) lets them go with its actor.</summary>
    protected override void PostStop()
    {
        (policy as IDisposable)?.Dispose();
        base.PostStop();
    }

    /// <summary>A policy with state (a generator, what it has learned) saves it; the others save nothing.</summary>
    private void Capture(CaptureState capture) => capture.ReplyTo.Tell(
        StateBlob.Capture(CheckpointParts.Dnn, id.Value, writer => (policy as ICheckpointable)?.WriteState(writer)));

    /// <summary>One line per failure: the first three, then every thousandth.</summary>
    private void Failed(string what, SlotId slot, Exception e)
    {
        if (++failures <= 3 || failures % 1000 == 0)
        {
            log.Warning("Policy {Policy} " + what + " ({Failures} failures so far): {Reason}", policy.Name, slot.Value, failures, OneLine(e));
        }
    }

    private static string OneLine(Exception e) => $"{e.GetType().Name}: {e.Message.Split('\n', 2)[0].Trim()}";

    public static Props Props(IOffloadingPolicy policy, DnnId id) => Akka.Actor.Props.Create(() => new PolicyActor(policy, id));
}
