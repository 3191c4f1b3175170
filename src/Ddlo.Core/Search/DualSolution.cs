using System.Collections.Immutable;
using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>
/// What the dual decomposition certifies: a feasible decision with its exact utility, a lower bound on the optimum,
/// and the relative gap between them.
/// </summary>
/// <param name="Decision">The best feasible decision found (primal).</param>
/// <param name="Q">Its exact utility Q*(d, x) under the model's bandwidth policy.</param>
/// <param name="Bandwidth">The bandwidth split (MB/s per device) that achieves Q.</param>
/// <param name="LowerBound">max over lambda of the dual function: no decision has a lower Q.</param>
/// <param name="Price">The bandwidth price lambda that attains the bound.</param>
public sealed record DualSolution(OffloadDecision Decision, double Q, ImmutableArray<double> Bandwidth, double LowerBound, double Price)
{
    /// <summary>Certified relative gap (Q - bound) / bound: the decision is within this fraction of the optimum.</summary>
    public double Gap => (Q - LowerBound) / LowerBound;
}
