using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Solving;

/// <summary>Prices a candidate decision: Q*(d, x) with the bandwidth policy's split (the exact P2 solution).</summary>
internal sealed class BandwidthSolver : ReceiveActor
{
    private long solved;

    public BandwidthSolver(MecModel model)
    {
        Receive<GetSolverStatus>(_ => Sender.Tell(new SolverStatus(solved)));
        Receive<Solve>(solve =>
        {
            solved++;
            var evaluation = model.Evaluate(solve.Workload, OffloadDecision.FromBits(solve.Decision));
            Sender.Tell(new Solved(solve.Slot, solve.Dnn, solve.Decision, evaluation.Q, evaluation.Bandwidth));
        });
    }

    public static Props Props(MecModel model) => Akka.Actor.Props.Create(() => new BandwidthSolver(model));
}
