using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Policies;

/// <summary>
/// Coordinate descent, the comparison DROO's authors use: device search (<see cref="DeviceSearch"/>) from the all-local
/// decision until no change of any device's tasks lowers Q. A local optimum, not a bound; it prices
/// N * (2^M - 1) decisions a round, with no network at all.
/// </summary>
public sealed class CoordinateDescentPolicy(DeviceSearch search) : ISearchingPolicy
{
    /// <summary>Rounds are capped only so that a fault cannot spin for ever; each round that goes on lowers Q.</summary>
    private const int MaxRounds = 1_000_000;

    public string Name => "coordinate-descent";

    /// <summary>Decisions priced by the last <see cref="Decide"/> (single-device changes), the work behind its decision.</summary>
    public long LastPriced { get; private set; }

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var result = search.Improve(workload, new bool[workload.TaskCount], MaxRounds);
        LastPriced = result.Priced;
        return result.Decision;
    }
}
