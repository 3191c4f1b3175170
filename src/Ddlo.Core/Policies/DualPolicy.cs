using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Policies;

/// <summary>The primal decision of the dual decomposition: certified near-optimal for any number of devices.</summary>
public sealed class DualPolicy(DualDecomposition dual) : IOffloadingPolicy
{
    public string Name => "dual";

    public OffloadDecision Decide(Workload workload) => dual.Solve(workload).Decision;
}
