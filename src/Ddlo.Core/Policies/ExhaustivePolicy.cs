using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Policies;

/// <summary>The optimum by exhaustive search (the paper's "greedy" benchmark).</summary>
public sealed class ExhaustivePolicy(ExhaustiveSearch search) : IOffloadingPolicy
{
    public string Name => "exhaustive";

    public OffloadDecision Decide(Workload workload) => search.Solve(workload).Decision;
}
