using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Scoring;

/// <summary>The optimum by exhaustive search of every decision.</summary>
public sealed class ExhaustiveOracle(MecModel model) : IOptimumOracle
{
    private readonly ExhaustiveSearch search = new(model);

    public string Name => "exhaustive";

    public double OptimalQ(long slot, Workload workload) => search.Solve(workload).Q;
}
