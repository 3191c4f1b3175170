using System.Collections.Immutable;
using Ddlo.Core.Cells;
using Ddlo.Core.Mobility;

namespace Ddlo.Actors.World;

/// <summary>One cell's slot: its devices, what each policy's decision cost, the optimum, and the work behind them.</summary>
/// <param name="Slot">The slot.</param>
/// <param name="Cell">The cell.</param>
/// <param name="Devices">Devices it served.</param>
/// <param name="Handovers">Devices handed over into it this slot.</param>
/// <param name="LoadMb">Their task sizes' sum, MB.</param>
/// <param name="Q">The learner's decision (the networks alone: the best of their K proposals).</param>
/// <param name="QTeacher">The device search's decision from it, which the memory keeps (the learner's Q without search).</param>
/// <param name="QOptimum">Q*: exhaustive while N*M &lt;= 16, the certified dual beyond.</param>
/// <param name="Gap">The dual's certified relative gap (0 when exhaustive).</param>
/// <param name="QLocal">Every task local.</param>
/// <param name="QEdge">Every task offloaded.</param>
/// <param name="QGreedy">Each device's own best at an equal share of the cell's uplink (<see cref="CellPricing.Greedy"/>).</param>
/// <param name="QRandom">Each task offloaded with probability 1/2.</param>
/// <param name="Priced">Decisions the learner priced to decide (K).</param>
/// <param name="TeacherPriced">Decisions the device search priced off the decision path.</param>
/// <param name="DecideMicros">From the cell's devices in to its decision, µs (the learner's round trip and K prices).</param>
public sealed record CellSlotResult(
    long Slot,
    int Cell,
    int Devices,
    int Handovers,
    double LoadMb,
    double Q,
    double QTeacher,
    double QOptimum,
    double Gap,
    double QLocal,
    double QEdge,
    double QGreedy,
    double QRandom,
    int Priced,
    long TeacherPriced,
    double DecideMicros)
{
    /// <summary>An empty cell's slot: nothing to decide, all costs 0.</summary>
    public static CellSlotResult Empty(long slot, int cell) => new(slot, cell, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>The map's slot: every cell's, plus the devices no cell covers (who compute every task, at the same cost under every policy).</summary>
/// <param name="Slot">The slot.</param>
/// <param name="Served">Devices a cell served.</param>
/// <param name="Uncovered">Devices no cell covered.</param>
/// <param name="Handovers">Handovers this slot.</param>
/// <param name="Q">The learner's Q over the map.</param>
/// <param name="QTeacher">The teacher's.</param>
/// <param name="QOptimum">Q* over the map (each cell's optimum).</param>
/// <param name="QLocal">All local.</param>
/// <param name="QEdge">All offloaded (by covered devices).</param>
/// <param name="QGreedy">Greedy.</param>
/// <param name="QRandom">Random.</param>
/// <param name="Priced">Decisions priced to decide, over every cell.</param>
/// <param name="TeacherPriced">Decisions the teacher priced.</param>
/// <param name="DecideMicros">The slowest cell's decision, µs.</param>
/// <param name="SlotMicros">The slot's wall time, from the devices' reports to the memory's, µs.</param>
/// <param name="Loss">The learner's mean loss if it trained after this slot, else NaN.</param>
public sealed record MapSlot(
    long Slot,
    int Served,
    int Uncovered,
    int Handovers,
    double Q,
    double QTeacher,
    double QOptimum,
    double QLocal,
    double QEdge,
    double QGreedy,
    double QRandom,
    long Priced,
    long TeacherPriced,
    double DecideMicros,
    double SlotMicros,
    double Loss)
{
    /// <summary>The learner's gain ratio Q*/Q (1 when nothing costs anything).</summary>
    public double Gain => Q > 0 ? QOptimum / Q : 1;
}

/// <summary>A device's handover: where and when it changed cell.</summary>
public sealed record HandoverPoint(long Slot, int Device, int From, int To, Position Position);

/// <summary>A map run's record: every slot of the map and of each cell, a sample of device tracks and the handover points.</summary>
/// <param name="Topology">The cells.</param>
/// <param name="HalfSideM">The map's square's half-side, m.</param>
/// <param name="Slots">The map's slots.</param>
/// <param name="Cells">Each cell's slots, slot after slot, cell after cell within one.</param>
/// <param name="Tracks">The first devices' positions every slot (at most <see cref="MapTally.TrackedDevices"/>).</param>
/// <param name="HandoverPoints">Handovers, the first <see cref="MapTally.MaxHandoverPoints"/>.</param>
/// <param name="WorstGap">The largest certified gap of a cell's optimum.</param>
/// <param name="Elapsed">Wall time of the run.</param>
/// <param name="DeviceHandovers">Each device's handovers over the run.</param>
public sealed record MapRecord(
    Topology Topology,
    double HalfSideM,
    ImmutableArray<MapSlot> Slots,
    ImmutableArray<CellSlotResult> Cells,
    ImmutableArray<ImmutableArray<Position>> Tracks,
    ImmutableArray<HandoverPoint> HandoverPoints,
    double WorstGap,
    TimeSpan Elapsed,
    ImmutableArray<long> DeviceHandovers);
