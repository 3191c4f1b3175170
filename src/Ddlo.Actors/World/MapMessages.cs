using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Core.Cells;

namespace Ddlo.Actors.World;

/// <summary>Starts a map run; the clock answers <see cref="MapCompleted"/> at its end (or a failure naming the problem).</summary>
public sealed record RunMap
{
    public static RunMap Instance { get; } = new();
}

/// <summary>The map run is over: its record.</summary>
public sealed record MapCompleted(MapRecord Record);

/// <summary>Asks the clock to stop at the next slot's end, saving a checkpoint there; the run's asker gets <see cref="MapStopped"/>.</summary>
public sealed record StopMap
{
    public static StopMap Instance { get; } = new();
}

/// <summary>The map run stopped with its checkpoint saved: <paramref name="Step"/> is the first slot a resumed run decides.</summary>
public sealed record MapStopped(long Step, string Path);

/// <summary>How a map run ended: its record, or where it stopped and the checkpoint it saved there.</summary>
public sealed record MapOutcome(MapRecord? Record, MapStopped? Stopped);

/// <summary>Asks the clock where the run is; it answers <see cref="MapProgress"/>.</summary>
public sealed record GetMapProgress
{
    public static GetMapProgress Instance { get; } = new();
}

/// <summary>How far a map run is.</summary>
/// <param name="Decided">Slots decided in every cell.</param>
/// <param name="Steps">Slots the run has.</param>
/// <param name="RecentGain">The learner's gain ratio Q*/Q over the map in the last 100 slots (NaN before the first).</param>
/// <param name="Handovers">Handovers so far over the map.</param>
/// <param name="RecentHandovers">Handovers per slot over the last 100 slots.</param>
public sealed record MapProgress(long Decided, long Steps, double RecentGain, long Handovers, double RecentHandovers);

/// <summary>The clock asks a device to move for a slot and report.</summary>
internal sealed record MoveDevice(long Slot);

/// <summary>A device's report for a slot.</summary>
internal sealed record DeviceMoved(long Slot, DeviceSlot Report);

/// <summary>The clock hands a cell the devices it serves in a slot, by device number.</summary>
internal sealed record DecideCell(long Slot, ImmutableArray<DeviceSlot> Devices) : IDdloMessage;

/// <summary>A cell asks the learner for its networks' logits on its devices' rows.</summary>
internal sealed record ProposeRows(long Slot, int Cell, double[] Rows, int Count);

/// <summary>Each network's logits for the rows asked about, M per row.</summary>
internal sealed record Proposals(long Slot, int Cell, ImmutableArray<float[]> Logits);

/// <summary>A cell's slot is decided and scored; its rows and the teacher's labels are for the memory.</summary>
internal sealed record CellDecided(CellSlotResult Result, double[] Rows, bool[] Labels) : IDdloMessage;

/// <summary>The clock hands the learner every cell's rows of a slot, in cell order, once all are decided.</summary>
internal sealed record LearnSlot(long Slot, double[] Rows, bool[] Labels, int Count) : IDdloMessage
{
    /// <summary>Slot <paramref name="slot"/>'s rows and labels of <paramref name="cells"/>, one cell after another in the order given.</summary>
    public static LearnSlot Of(long slot, IEnumerable<CellDecided> cells) =>
        new(slot, [.. cells.SelectMany(c => c.Rows)], [.. cells.SelectMany(c => c.Labels)], cells.Sum(c => c.Result.Devices));
}

/// <summary>Learner <paramref name="Learner"/> stored the slot (and trained, when due).</summary>
internal sealed record Learned(long Slot, int Learner, double Loss) : IDdloMessage;

/// <summary>The clock asks a copy of the learner for its networks' weights, to average them.</summary>
internal sealed record ShareWeights : IDdloMessage
{
    public static ShareWeights Instance { get; } = new();
}

/// <summary>A copy's weights, each network's parameters in order (<see cref="Learning.Networks.OffloadingNetwork.ParameterValues"/>).</summary>
internal sealed record WeightsShared(int Learner, ImmutableArray<float[]> Networks) : IDdloMessage;

/// <summary>The copies' mean weights, network by network, for every copy to take.</summary>
internal sealed record UseWeights(ImmutableArray<float[]> Networks) : IDdloMessage;

/// <summary>A copy has taken the mean weights.</summary>
internal sealed record WeightsUsed(int Learner) : IDdloMessage;

/// <summary>
/// The clock asks a node's worker host for a part of the map: learner <paramref name="Learner"/> (a copy of the shared
/// one) and the cells it serves, built from the run's settings, from their checkpoint states when resuming (empty: a
/// fresh start; else the learner's state, then each cell's in the order of <paramref name="Cells"/>).
/// </summary>
internal sealed record HostMapPart(DdloSettings Settings, int Learner, ImmutableArray<int> Cells, ImmutableArray<ImmutableArray<byte>> States) : IDdloMessage;

/// <summary>A node hosts a part of the map (<paramref name="Part"/>): its learner and its cells, in the order asked.</summary>
internal sealed record MapPartHosted(int Learner, IActorRef Part, IActorRef LearnerRef, ImmutableArray<IActorRef> Cells) : IDdloMessage;

/// <summary>Over a cluster: the clock hands a node's part the slot's devices of each of its cells, in the part's cell order.</summary>
internal sealed record DecidePart(long Slot, ImmutableArray<DecideCell> Cells) : IDdloMessage;

/// <summary>A part's cells have decided the slot and its learner has stored it: each cell's result (in the part's cell order) and the learner's loss.</summary>
internal sealed record PartDecided(long Slot, int Learner, ImmutableArray<CellSlotResult> Results, double Loss) : IDdloMessage;
