using Ddlo.Core.Model;

namespace Ddlo.Core.Policies;

/// <summary>Every task runs on its device (x = 0).</summary>
public sealed class LocalOnlyPolicy : IOffloadingPolicy
{
    public static LocalOnlyPolicy Instance { get; } = new();

    public string Name => "local";

    public OffloadDecision Decide(Workload workload) => OffloadDecision.Uniform(workload.TaskCount, offload: false);
}
