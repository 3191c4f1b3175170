using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Messages;

/// <summary>
/// EdgeServer → OffloadingActor: propose up to <paramref name="Candidates"/> candidate decisions for this workload
/// (the quantiser decides how many it makes), after applying the first <paramref name="TrainingRounds"/> training
/// rounds (so the sequential loop trains before it decides), and send them as one <see cref="Solve"/> straight to
/// <paramref name="Solver"/>, on behalf of the edge server (the sender of this message), which gets the
/// <see cref="Solved"/> answer.
/// </summary>
internal sealed record Decide(SlotId Slot, Workload Workload, long TrainingRounds, IActorRef Solver, int Candidates = 1) : IDdloMessage;

/// <summary>ReplayMemory → OffloadingActor: one training round's batch of rows (sizes in MB, labels 0/1), row-major.</summary>
internal sealed record TrainingBatch(long Round, SlotId AfterSlot, int Rows, ImmutableArray<float> Sizes, ImmutableArray<float> Labels) : IDdloMessage;

/// <summary>OffloadingActor → Recorder: DNN k trained round r with this loss.</summary>
internal sealed record Trained(DnnId Dnn, long Round, SlotId AfterSlot, double Loss) : IDdloMessage;

/// <summary>ReplayMemory → OffloadingActor, after its last batch: answer <see cref="Flushed"/> to the recorder.</summary>
internal sealed record FlushTraining(IActorRef ReplyTo) : IDdloMessage;

/// <summary>
/// OffloadingActor → Recorder: everything sent to this DNN before the flush has been processed; <paramref name="Weights"/>
/// are its final weights (TorchSharp's format; empty for a baseline policy), for export.
/// </summary>
internal sealed record Flushed(DnnId Dnn, ImmutableArray<byte> Weights) : IDdloMessage;

/// <summary>
/// PolicyActor → EdgeServer: the policy failed on this slot (it threw), so it proposes nothing. The slot is decided
/// from the other candidates (all local when there are none) and counted as degraded, without waiting for a deadline.
/// </summary>
internal sealed record Declined(SlotId Slot, DnnId Dnn, string Reason) : IDdloMessage;

/// <summary>Simulation → Recorder: an OffloadingActor was restarted after a failure.</summary>
internal sealed record DnnRestarted(DnnId Dnn, string Reason) : IDdloMessage;

/// <summary>
/// ReplayMemory → LearnerGroup: messages for several of the group's networks at once (a training round's batches, a
/// flush, a capture), passed on in order, so that one message crosses to a learner node where one per network did.
/// </summary>
internal sealed record ForDnns(ImmutableArray<ForDnns.Entry> Entries) : IDdloMessage
{
    /// <summary>One network's message.</summary>
    public sealed record Entry(DnnId Dnn, IDdloMessage Message);
}
