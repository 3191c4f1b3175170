using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Core.Search;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Solving;

/// <summary>
/// Prices candidate decisions under the system model's exact allocation (MUMT: Q*(d, x) with the bandwidth policy's
/// split, the exact P2 solution; WPMEC: the rate of the exact time split), the best of each DNN's candidates answered;
/// and improves a slot's best decision when asked: by device search for MUMT, by coordinate descent over the devices'
/// mode bits for a model with one bit per device (WPMEC, LyDROO).
/// </summary>
internal sealed class BandwidthSolver : ReceiveActor
{
    private readonly ISystemModel model;
    private readonly DeviceSearch? search;
    private long solved;

    public BandwidthSolver(ISystemModel model)
    {
        this.model = model;
        search = model is MecModel mumt ? new DeviceSearch(mumt) : null;
        Receive<GetSolverStatus>(_ => Sender.Tell(new SolverStatus(solved)));
        Receive<Solve>(Handle);
        Receive<SolveBatch>(batch =>
        {
            // One node's proposers at once: each priced and answered as its own Solve (the sender is the edge server).
            foreach (var solve in batch.Solves)
            {
                Handle(solve);
            }
        });
        Receive<SearchAround>(Handle);
    }

    public static Props Props(ISystemModel model) => Akka.Actor.Props.Create(() => new BandwidthSolver(model));

    /// <summary>
    /// Prices each distinct candidate once (the quantisers often repeat one: the noisy half of LyDROO's, or an
    /// order-preserving threshold that changes nothing) and answers the best, ties to the first, with its allocation.
    /// </summary>
    private void Handle(Solve solve)
    {
        int width = solve.Workload.TaskCount;
        int count = solve.Count;
        // One candidate needs no comparison: it is priced once, below, with its split.
        int best = 0;
        int priced = 1;
        var objective = model.Objective;
        double bestQ = objective.Worst();
        if (count > 1)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int c = 0; c < count; c++)
            {
                var bits = solve.Candidates.Slice(c * width, width);
                if (!seen.Add(string.Create(width, bits, static (chars, b) => { for (int i = 0; i < chars.Length; i++) { chars[i] = b[i] ? '1' : '0'; } })))
                {
                    continue;
                }

                double q = model.Value(solve.Workload, OffloadDecision.FromBits(bits));
                if (objective.Better(q, bestQ))
                {
                    (best, bestQ) = (c, q);
                }
            }

            priced = seen.Count;
        }

        solved += priced;
        var decision = solve.Candidates.Slice(best * width, width);
        var allocation = model.Allocate(solve.Workload, OffloadDecision.FromBits(decision));
        Sender.Tell(new Solved(solve.Slot, solve.Dnn, decision, allocation.Value, allocation.Shares, best, priced) { ProposerPriced = solve.ProposerPriced });
    }

    private void Handle(SearchAround request)
    {
        if (search is null)
        {
            if (model is IModeSearchModel modes)
            {
                var improved = modes.Improve(request.Workload, request.Decision.AsSpan(), request.Rounds);
                solved += improved.Priced;
                var decision = OffloadDecision.FromBits([.. improved.Mode]);
                var priced = model.Allocate(request.Workload, decision);
                Sender.Tell(new Searched(request.Slot, decision.Bits, priced.Value, priced.Shares, improved.Steps, improved.Priced));
                return;
            }

            // Settings refuse device search for a model without it; a request from elsewhere gets the decision back unchanged.
            var unchanged = model.Allocate(request.Workload, OffloadDecision.FromBits(request.Decision));
            Sender.Tell(new Searched(request.Slot, request.Decision, unchanged.Value, unchanged.Shares, 0, 0));
            return;
        }

        var result = search.Improve(request.Workload, request.Decision.AsSpan(), request.Rounds);
        solved += result.Priced;
        var allocation = model.Allocate(request.Workload, result.Decision);
        Sender.Tell(new Searched(request.Slot, result.Decision.Bits, allocation.Value, allocation.Shares, result.Steps, result.Priced));
    }
}
