using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Solving;

/// <summary>
/// Prices candidate decisions: Q*(d, x) with the bandwidth policy's split (the exact P2 solution), the best of each
/// DNN's candidates answered; and improves a slot's best decision by device search when asked.
/// </summary>
internal sealed class BandwidthSolver : ReceiveActor
{
    private readonly MecModel model;
    private readonly DeviceSearch search;
    private long solved;

    public BandwidthSolver(MecModel model)
    {
        this.model = model;
        search = new DeviceSearch(model);
        Receive<GetSolverStatus>(_ => Sender.Tell(new SolverStatus(solved)));
        Receive<Solve>(Handle);
        Receive<SearchAround>(Handle);
    }

    public static Props Props(MecModel model) => Akka.Actor.Props.Create(() => new BandwidthSolver(model));

    private void Handle(Solve solve)
    {
        int width = solve.Workload.TaskCount;
        int count = solve.Count;
        // One candidate needs no comparison: it is priced once, below, with its split.
        int best = 0;
        double bestQ = double.PositiveInfinity;
        for (int c = 0; count > 1 && c < count; c++)
        {
            double q = model.Utility(solve.Workload, OffloadDecision.FromBits(solve.Candidates.Slice(c * width, width)));
            if (q < bestQ)
            {
                (best, bestQ) = (c, q);
            }
        }

        solved += count;
        var decision = solve.Candidates.Slice(best * width, width);
        var evaluation = model.Evaluate(solve.Workload, OffloadDecision.FromBits(decision));
        Sender.Tell(new Solved(solve.Slot, solve.Dnn, decision, evaluation.Q, evaluation.Bandwidth, best, count));
    }

    private void Handle(SearchAround request)
    {
        var result = search.Improve(request.Workload, request.Decision.AsSpan(), request.Rounds);
        solved += result.Priced;
        var evaluation = model.Evaluate(request.Workload, result.Decision);
        Sender.Tell(new Searched(request.Slot, result.Decision.Bits, evaluation.Q, evaluation.Bandwidth, result.Steps, result.Priced));
    }
}
