using Ddlo.Core.Model;

namespace Ddlo.Core.Policies;

/// <summary>Every task is offloaded to the edge server (x = 1).</summary>
public sealed class EdgeOnlyPolicy : IOffloadingPolicy
{
    public static EdgeOnlyPolicy Instance { get; } = new();

    public string Name => "edge";

    public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount, offload: true);
}
