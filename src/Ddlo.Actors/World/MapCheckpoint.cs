using System.Collections.Immutable;
using System.Text;
using Ddlo.Core.Cells;
using Ddlo.Core.Mobility;
using Ddlo.Core.Model;

namespace Ddlo.Actors.World;

/// <summary>The clock asks a device, a cell or a learner for its state; it answers <see cref="MapStateSaved"/>.</summary>
internal sealed record SaveMapState : Messages.IDdloMessage
{
    public static SaveMapState Instance { get; } = new();
}

/// <summary>One part's state for the map's checkpoint.</summary>
internal sealed record MapStateSaved(string Part, int Index, byte[] State) : Messages.IDdloMessage;

/// <summary>
/// The map's parts in a checkpoint (<see cref="Checkpoints.CheckpointFile"/>): each device (its position, walk, cell,
/// handovers and streams), each cell (its random baseline's stream), each learner (networks, memory, sampling streams,
/// slots stored) and the clock (the record so far and the reports of the slots the devices have already moved for).
/// </summary>
internal static class MapCheckpoint
{
    public const string Device = "map-device";
    public const string Cell = "map-cell";
    public const string Learner = "map-learner";
    public const string Clock = "map-clock";

    public static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Restores a part with <paramref name="read"/>; a state that does not fit is a <see cref="Checkpoints.CheckpointException"/>.</summary>
    public static void Read(ImmutableArray<byte> state, Action<BinaryReader> read)
    {
        using var reader = new BinaryReader(new MemoryStream([.. state]), Encoding.UTF8);
        try
        {
            read(reader);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException or OverflowException)
        {
            throw new Checkpoints.CheckpointException($"a map part of the checkpoint does not fit this scenario ({e.Message})", e);
        }

        if (reader.BaseStream.Position != reader.BaseStream.Length)
        {
            throw new Checkpoints.CheckpointException("a map part of the checkpoint holds more than its state: it is from another version or scenario");
        }
    }

    public static void Write(BinaryWriter writer, DeviceSlot slot)
    {
        writer.Write(slot.Device);
        writer.Write(slot.Cell);
        Write(writer, slot.Position);
        writer.Write(slot.Sizes.Length);
        foreach (double size in slot.Sizes)
        {
            writer.Write(size);
        }

        writer.Write(slot.Traits.RateScale);
        writer.Write(slot.Traits.LocalTime);
        writer.Write(slot.Traits.LocalEnergy);
        writer.Write(slot.Traits.TransmitEnergy);
        writer.Write(slot.Handover);
    }

    public static DeviceSlot ReadDeviceSlot(BinaryReader reader)
    {
        int device = reader.ReadInt32();
        int cell = reader.ReadInt32();
        var position = ReadPosition(reader);
        var sizes = new double[reader.ReadInt32()];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = reader.ReadDouble();
        }

        var traits = new DeviceTraits(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
        return new DeviceSlot(device, cell, position, sizes, traits, reader.ReadBoolean());
    }

    public static void Write(BinaryWriter writer, MapSlot s)
    {
        writer.Write(s.Slot);
        writer.Write(s.Served);
        writer.Write(s.Uncovered);
        writer.Write(s.Handovers);
        foreach (double value in (double[])[s.Q, s.QTeacher, s.QOptimum, s.QLocal, s.QEdge, s.QGreedy, s.QRandom])
        {
            writer.Write(value);
        }

        writer.Write(s.Priced);
        writer.Write(s.TeacherPriced);
        writer.Write(s.DecideMicros);
        writer.Write(s.SlotMicros);
        writer.Write(s.Loss);
    }

    public static MapSlot ReadMapSlot(BinaryReader r) => new(
        r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
        r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
        r.ReadInt64(), r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

    public static void Write(BinaryWriter writer, CellSlotResult c)
    {
        writer.Write(c.Slot);
        writer.Write(c.Cell);
        writer.Write(c.Devices);
        writer.Write(c.Handovers);
        foreach (double value in (double[])[c.LoadMb, c.Q, c.QTeacher, c.QOptimum, c.Gap, c.QLocal, c.QEdge, c.QGreedy, c.QRandom])
        {
            writer.Write(value);
        }

        writer.Write(c.Priced);
        writer.Write(c.TeacherPriced);
        writer.Write(c.DecideMicros);
    }

    public static CellSlotResult ReadCellSlot(BinaryReader r) => new(
        r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
        r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(),
        r.ReadInt32(), r.ReadInt64(), r.ReadDouble());

    public static void Write(BinaryWriter writer, HandoverPoint point)
    {
        writer.Write(point.Slot);
        writer.Write(point.Device);
        writer.Write(point.From);
        writer.Write(point.To);
        Write(writer, point.Position);
    }

    public static HandoverPoint ReadHandoverPoint(BinaryReader r) => new(r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), ReadPosition(r));

    public static void Write(BinaryWriter writer, Position position)
    {
        writer.Write(position.X);
        writer.Write(position.Y);
    }

    public static Position ReadPosition(BinaryReader reader) => new(reader.ReadDouble(), reader.ReadDouble());

    /// <summary>Writes <paramref name="items"/> as a count and each item.</summary>
    public static void WriteList<T>(BinaryWriter writer, IReadOnlyCollection<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write(items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    public static List<T> ReadList<T>(BinaryReader reader, Func<BinaryReader, T> read)
    {
        int count = reader.ReadInt32();
        // Each item takes a byte at least: a count beyond what is left is a damaged or foreign state.
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"a list of {count} items where {reader.BaseStream.Length - reader.BaseStream.Position} bytes are left");
        }

        var items = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            items.Add(read(reader));
        }

        return items;
    }
}
