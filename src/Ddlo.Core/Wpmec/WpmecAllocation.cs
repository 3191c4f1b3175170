using System.Collections.Immutable;

namespace Ddlo.Core.Wpmec;

/// <summary>A frame's optimal time split for one offloading mode.</summary>
/// <param name="Rate">The weighted sum computation rate, bit/s (the objective, maximised).</param>
/// <param name="PowerTransfer">a, the fraction of the frame for wireless power transfer.</param>
/// <param name="OffloadTimes">tau_i, each device's offloading time fraction (0 for a device that computes locally).</param>
/// <param name="Price">v, the dual variable of the frame-length constraint a + sum tau &lt;= 1.</param>
public sealed record WpmecAllocation(double Rate, double PowerTransfer, ImmutableArray<double> OffloadTimes, double Price);
