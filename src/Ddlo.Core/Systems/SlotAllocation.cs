using System.Collections.Immutable;

namespace Ddlo.Core.Systems;

/// <summary>
/// A decision's value under a system model's exact per-slot allocation, with each device's share of the contended
/// resource: uplink bandwidth in MB/s for MUMT (the P2 split), the fraction of the frame it transmits in for WPMEC.
/// </summary>
/// <param name="Value">The objective: cost Q for MUMT (minimised), weighted sum computation rate for WPMEC (maximised).</param>
/// <param name="Shares">Per device, the resource the allocation gives it.</param>
public sealed record SlotAllocation(double Value, ImmutableArray<double> Shares);
