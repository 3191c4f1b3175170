using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// A baseline policy (exhaustive, dual, local, edge, random) standing in for the K DNNs: it proposes one candidate
/// per slot, priced by the solver the edge server names, and does not learn, so every policy runs through the same
/// pipeline and is recorded the same way.
/// </summary>
internal sealed class PolicyActor : ReceiveActor
{
    public PolicyActor(IOffloadingPolicy policy)
    {
        Receive<Decide>(decide =>
        {
            var decision = policy.Decide(decide.Workload);
            decide.Solver.Tell(new Solve(decide.Slot, new DnnId(0), decide.Workload, decision.Bits), Sender);
        });
        Receive<TrainingBatch>(_ => { });
        Receive<FlushTraining>(flush => flush.ReplyTo.Tell(new Flushed(new DnnId(0), [])));
        // A policy with a generator (random) saves its position in the stream; the others have no state.
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(
            StateBlob.Capture(CheckpointParts.Dnn, 0, writer => (policy as ICheckpointable)?.WriteState(writer))));
        Receive<RestoreState>(restore =>
            Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Dnn, 0, reader => (policy as ICheckpointable)?.ReadState(reader))));
    }

    public static Props Props(IOffloadingPolicy policy) => Akka.Actor.Props.Create(() => new PolicyActor(policy));
}
