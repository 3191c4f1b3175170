using System.Collections.Immutable;

namespace Ddlo.Core.Model;

/// <summary>The system utility Q of one decision on one workload, with the bandwidth split that achieves it.</summary>
/// <param name="Q">System utility (to minimise), J.</param>
/// <param name="Bandwidth">c[n] per device, MB/s.</param>
/// <param name="Devices">Per-device breakdown of Q.</param>
/// <param name="Price">The bandwidth price lambda of the P2 solution (0 when bandwidth is not scarce or the policy is equal).</param>
public sealed record Evaluation(
    double Q,
    ImmutableArray<double> Bandwidth,
    ImmutableArray<DeviceBreakdown> Devices,
    double Price);
