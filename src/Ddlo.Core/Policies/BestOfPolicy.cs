using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Policies;

/// <summary>
/// Several proposers, one decision: each proposes, each proposal is priced exactly by the model (its bandwidth split
/// included), and the best (cheapest, or highest rate) is kept (ties to the first), as the K DNNs of DDLO are. What the actors do across
/// proposer actors, for the commands that decide without them (evaluate).
/// </summary>
public sealed class BestOfPolicy(string name, ISystemModel model, IReadOnlyList<IOffloadingPolicy> proposers) : IOffloadingPolicy
{
    public string Name => name;

    public OffloadDecision Decide(Workload workload)
    {
        OffloadDecision? best = null;
        double bestQ = model.Objective.Worst();
        foreach (var proposer in proposers)
        {
            var decision = proposer.Decide(workload);
            double q = model.Value(workload, decision);
            if (model.Objective.Better(q, bestQ))
            {
                (best, bestQ) = (decision, q);
            }
        }

        return best ?? throw new InvalidOperationException($"{name} has no proposers.");
    }
}
