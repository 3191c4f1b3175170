using Ddlo.Core.Model;

namespace Ddlo.Core.Scoring;

/// <summary>Knows the optimal utility Q* of a slot's workload, to score a policy by its gain ratio Q* / Q.</summary>
public interface IOptimumOracle
{
    /// <summary>Short name that results show ("exhaustive", "dataset").</summary>
    string Name { get; }

    double OptimalQ(long slot, Workload workload);
}
