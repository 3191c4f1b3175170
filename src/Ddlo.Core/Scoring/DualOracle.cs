using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Scoring;

/// <summary>
/// Q* from the dual decomposition where exhaustive search is out of reach: the best feasible utility found, which is
/// within the certified gap of the optimum. Remembers the worst gap it certified (not thread-safe: one owner).
/// </summary>
public sealed class DualOracle(MecModel model) : IOptimumOracle
{
    private readonly DualDecomposition dual = new(model);

    public string Name => "dual";

    /// <summary>The largest certified relative gap (Q - bound) / bound over every slot scored so far.</summary>
    public double WorstGap { get; private set; }

    public double OptimalQ(long slot, Workload workload)
    {
        var solution = dual.Solve(workload);
        WorstGap = Math.Max(WorstGap, solution.Gap);
        return solution.Q;
    }
}
