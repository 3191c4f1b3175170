using System.Collections.Immutable;
using Ddlo.Actors.Checkpoints;
using Ddlo.Core.Cells;
using Ddlo.Core.Mobility;
using Ddlo.Core.Model;

namespace Ddlo.Actors.World;

/// <summary>
/// What a map run has recorded so far, kept by its clock: a row per slot and per cell and slot, the tracked devices'
/// tracks, the handover points and counts, and the worst certified gap. No actor: the clock feeds it each slot's
/// reports and results in order, and saves it in its checkpoints.
/// </summary>
internal sealed class MapTally
{
    /// <summary>Devices whose every position the record keeps (for the map's tracks).</summary>
    public const int TrackedDevices = 12;

    /// <summary>Handover points the record keeps.</summary>
    public const int MaxHandoverPoints = 5_000;

    private const int ProgressWindow = 100;

    private readonly MecModel systemModel;
    private readonly int cellCount;
    private readonly ImmutableArray<MapSlot>.Builder slots = ImmutableArray.CreateBuilder<MapSlot>();
    private readonly ImmutableArray<CellSlotResult>.Builder cellSlots = ImmutableArray.CreateBuilder<CellSlotResult>();
    private readonly List<Position>[] tracks;
    private readonly ImmutableArray<HandoverPoint>.Builder handoverPoints = ImmutableArray.CreateBuilder<HandoverPoint>();
    private readonly long[] deviceHandovers;
    private readonly int[] lastCell;
    private double uncoveredQ;
    private int uncovered;
    private int handovers;
    private long totalHandovers;
    private double worstGap;

    public MapTally(MecModel systemModel, int devices, int cells)
    {
        (this.systemModel, cellCount) = (systemModel, cells);
        tracks = [.. Enumerable.Range(0, Math.Min(TrackedDevices, devices)).Select(_ => new List<Position>())];
        deviceHandovers = new long[devices];
        lastCell = Enumerable.Repeat(Topology.NoCell, devices).ToArray();
    }

    /// <summary>Slots recorded.</summary>
    public int Slots => slots.Count;

    /// <summary>The cell that served <paramref name="device"/> last (<see cref="Topology.NoCell"/> before any).</summary>
    public int LastCell(int device) => lastCell[device];

    /// <summary>Starts a slot: its handovers and uncovered devices are counted afresh.</summary>
    public void Open() => (uncovered, uncoveredQ, handovers) = (0, 0, 0);

    /// <summary>
    /// A device's report for slot <paramref name="slot"/>, in device order: its track, its handover, and, when no cell
    /// covers it, its local cost (it computes every task itself). Returns whether a cell serves it.
    /// </summary>
    public bool Observe(long slot, DeviceSlot device)
    {
        if (device.Device < tracks.Length)
        {
            tracks[device.Device].Add(device.Position);
        }

        if (device.Handover)
        {
            handovers++;
            deviceHandovers[device.Device]++;
            if (handoverPoints.Count < MaxHandoverPoints)
            {
                handoverPoints.Add(new HandoverPoint(slot, device.Device, lastCell[device.Device], device.Cell, device.Position));
            }
        }

        if (device.Cell == Topology.NoCell)
        {
            uncovered++;
            uncoveredQ += CellPricing.LocalQ(systemModel, device);
            return false;
        }

        lastCell[device.Device] = device.Cell;
        return true;
    }

    /// <summary>Closes slot <paramref name="slot"/> with every cell's result, in cell order; the map's Q adds the uncovered devices' local cost.</summary>
    public void Close(long slot, CellSlotResult[] results, double loss, double slotMicros)
    {
        cellSlots.AddRange(results);
        foreach (var result in results)
        {
            worstGap = Math.Max(worstGap, result.Gap);
        }

        totalHandovers += handovers;
        slots.Add(new MapSlot(
            slot,
            results.Sum(r => r.Devices),
            uncovered,
            handovers,
            results.Sum(r => r.Q) + uncoveredQ,
            results.Sum(r => r.QTeacher) + uncoveredQ,
            results.Sum(r => r.QOptimum) + uncoveredQ,
            results.Sum(r => r.QLocal) + uncoveredQ,
            results.Sum(r => r.QEdge) + uncoveredQ,
            results.Sum(r => r.QGreedy) + uncoveredQ,
            results.Sum(r => r.QRandom) + uncoveredQ,
            results.Sum(r => (long)r.Priced),
            results.Sum(r => r.TeacherPriced),
            results.Max(r => r.DecideMicros),
            slotMicros,
            loss));
    }

    /// <summary>The learner's gain and the handovers over the last 100 slots.</summary>
    public MapProgress Progress(long steps)
    {
        int window = Math.Min(ProgressWindow, slots.Count);
        var recent = slots.Skip(slots.Count - window).ToList();
        double q = recent.Sum(s => s.Q);
        double gain = window == 0 ? double.NaN : q > 0 ? recent.Sum(s => s.QOptimum) / q : 1;
        return new MapProgress(slots.Count, steps, gain, totalHandovers, window == 0 ? 0 : recent.Average(s => s.Handovers));
    }

    public MapRecord Record(MapPlan plan, TimeSpan elapsed) => new(
        plan.Topology,
        plan.Area.HalfSideM,
        slots.ToImmutable(),
        cellSlots.ToImmutable(),
        [.. tracks.Select(t => t.ToImmutableArray())],
        handoverPoints.ToImmutable(),
        worstGap,
        elapsed,
        [.. deviceHandovers]);

    public void WriteState(BinaryWriter writer)
    {
        writer.Write(deviceHandovers.Length);
        writer.Write(cellCount);
        writer.Write(totalHandovers);
        writer.Write(worstGap);
        MapCheckpoint.WriteList(writer, slots, MapCheckpoint.Write);
        MapCheckpoint.WriteList(writer, cellSlots, MapCheckpoint.Write);
        MapCheckpoint.WriteList(writer, tracks, (w, track) => MapCheckpoint.WriteList(w, track, MapCheckpoint.Write));
        MapCheckpoint.WriteList(writer, handoverPoints, MapCheckpoint.Write);
        MapCheckpoint.WriteList(writer, deviceHandovers, (w, n) => w.Write(n));
        MapCheckpoint.WriteList(writer, lastCell, (w, c) => w.Write(c));
    }

    /// <summary>Restores what <see cref="WriteState"/> saved, refusing (one line, naming what differs) another map's.</summary>
    public void ReadState(BinaryReader reader)
    {
        Fits(reader.ReadInt32(), deviceHandovers.Length, "devices");
        Fits(reader.ReadInt32(), cellCount, "cells");
        totalHandovers = reader.ReadInt64();
        worstGap = reader.ReadDouble();
        slots.AddRange(MapCheckpoint.ReadList(reader, MapCheckpoint.ReadMapSlot));
        cellSlots.AddRange(MapCheckpoint.ReadList(reader, MapCheckpoint.ReadCellSlot));
        var savedTracks = MapCheckpoint.ReadList(reader, r => MapCheckpoint.ReadList(r, MapCheckpoint.ReadPosition));
        Fits(savedTracks.Count, tracks.Length, "tracked devices");
        for (int t = 0; t < tracks.Length; t++)
        {
            tracks[t].AddRange(savedTracks[t]);
        }

        handoverPoints.AddRange(MapCheckpoint.ReadList(reader, MapCheckpoint.ReadHandoverPoint));
        var handoversByDevice = MapCheckpoint.ReadList(reader, r => r.ReadInt64());
        var cellsByDevice = MapCheckpoint.ReadList(reader, r => r.ReadInt32());
        Fits(handoversByDevice.Count, deviceHandovers.Length, "devices");
        Fits(cellsByDevice.Count, lastCell.Length, "devices");
        if (cellsByDevice.Any(c => c < Topology.NoCell || c >= cellCount))
        {
            throw new CheckpointException("the checkpoint's map names a cell this scenario does not have");
        }

        handoversByDevice.CopyTo(deviceHandovers);
        cellsByDevice.CopyTo(lastCell);
    }

    /// <summary>Refuses a saved count that is not this scenario's.</summary>
    public static void Fits(int saved, int expected, string what)
    {
        if (saved != expected)
        {
            throw new CheckpointException($"the checkpoint's map has {saved} {what}, this scenario {expected}");
        }
    }
}
