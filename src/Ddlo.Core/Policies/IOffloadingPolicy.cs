using Ddlo.Core.Model;

namespace Ddlo.Core.Policies;

/// <summary>Anything that maps a workload to an offloading decision.</summary>
public interface IOffloadingPolicy
{
    /// <summary>The name users type (<c>--policy NAME</c>) and results show.</summary>
    string Name { get; }

    OffloadDecision Decide(Workload workload);
}
