using Ddlo.Core.Model;
using Ddlo.Core.Scoring;

namespace Ddlo.Core.Search;

/// <summary>
/// A slot's best value by mode search: exhaustive (the optimum) or coordinate descent from the all-local mode
/// (deterministic; a local optimum, the DROO authors' reference where 2^N is out of reach, not an upper bound).
/// </summary>
public sealed class ModeSearchOracle(IModeSearchModel model, bool exhaustive) : IOptimumOracle
{
    public string Name => exhaustive ? "exhaustive" : "coordinate-descent";

    public double OptimalQ(long slot, Workload workload) =>
        model.Value(workload, OffloadDecision.FromBits(model.BestMode(workload, exhaustive)));
}
