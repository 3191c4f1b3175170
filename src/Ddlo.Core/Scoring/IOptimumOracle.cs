using Ddlo.Core.Model;

namespace Ddlo.Core.Scoring;

/// <summary>Knows the optimal utility Q* of a slot's workload, to score a policy by its gain ratio Q* / Q.</summary>
public interface IOptimumOracle
{
    /// <summary>Short name that results show ("exhaustive", "dual", "dataset").</summary>
    string Name { get; }

    /// <summary>The largest relative amount by which a Q* it gave may exceed the true optimum (0 when exact).</summary>
    double WorstGap => 0;

    double OptimalQ(long slot, Workload workload);
}
