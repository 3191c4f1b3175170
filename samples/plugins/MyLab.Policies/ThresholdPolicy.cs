using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace MyLab.Policies;

/// <summary>
/// Offloads every task larger than a threshold and runs the rest locally. Its threshold comes from the scenario:
/// <c>ddlo.policies.threshold { threshold-mb = 20 }</c>.
/// </summary>
public sealed class ThresholdPolicy : IConfigurablePolicy
{
    private double thresholdMb = 20;

    /// <summary>The name results show, and the name of this policy's settings block.</summary>
    public string Name => "threshold";

    public void Configure(PolicyOptions options) =>
        thresholdMb = options.Number("threshold-mb", thresholdMb, min: 0);

    public OffloadDecision Decide(Workload workload)
    {
        var offload = new bool[workload.TaskCount];
        for (int i = 0; i < offload.Length; i++)
        {
            offload[i] = workload.Sizes[i] > thresholdMb;
        }

        return OffloadDecision.FromBits(offload);
    }
}
