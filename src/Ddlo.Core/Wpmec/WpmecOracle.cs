using Ddlo.Core.Model;
using Ddlo.Core.Scoring;

namespace Ddlo.Core.Wpmec;

/// <summary>
/// The best rate of a WPMEC slot: exhaustive search over every mode (the optimum), or coordinate descent from the
/// all-local mode (deterministic, the authors' reference where 2^N is out of reach; not an upper bound).
/// </summary>
public sealed class WpmecOracle(WpmecModel model, bool exhaustive) : IOptimumOracle
{
    public string Name => exhaustive ? "exhaustive" : "coordinate-descent";

    public double OptimalQ(long slot, Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var gains = workload.Sizes.AsSpan();
        var weights = model.Weights.AsSpan();
        return exhaustive
            ? model.Search.Exhaustive(gains, weights).Allocation.Rate
            : model.Search.CoordinateDescent(gains, weights, new bool[workload.Devices]).Allocation.Rate;
    }
}
