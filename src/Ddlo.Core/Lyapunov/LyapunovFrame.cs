using System.Collections.Immutable;

namespace Ddlo.Core.Lyapunov;

/// <summary>One decided frame: the queues it started with, the mode, the critic's allocation and what arrived during it.</summary>
public sealed record LyapunovFrame(long Frame, ImmutableArray<double> DataQueues, ImmutableArray<double> EnergyQueues, ImmutableArray<bool> Mode, LyapunovAllocation Allocation, ImmutableArray<double> Arrived)
{
    /// <summary>Per device, the bit-frames the frame's served data had waited in the queue (<see cref="DeviceQueues.LastWait"/>).</summary>
    public ImmutableArray<double> Waited { get; init; } = [];
}
