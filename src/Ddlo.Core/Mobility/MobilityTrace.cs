using System.Collections.Immutable;
using System.Globalization;

namespace Ddlo.Core.Mobility;

/// <summary>
/// Every device's position in every slot, read from a CSV <c>device,slot,x,y</c> (m, the edge server at the origin):
/// one line per device and slot, in any order. A run replays it exactly; a trace that misses a device's slot, names a
/// device the run does not have, or repeats a line is refused, naming the file and line.
/// </summary>
public sealed class MobilityTrace
{
    private readonly ImmutableArray<ImmutableArray<Position>> positions;

    private MobilityTrace(ImmutableArray<ImmutableArray<Position>> positions) => this.positions = positions;

    /// <summary>Slots the trace covers, from 0.</summary>
    public int Slots => positions[0].Length;

    /// <summary>Device <paramref name="device"/>'s position in slot <paramref name="slot"/>.</summary>
    public Position At(int device, long slot) => positions[device][(int)slot];

    /// <summary>Reads a trace for <paramref name="devices"/> devices over <paramref name="slots"/> slots; a problem throws <see cref="FormatException"/> naming the file and line.</summary>
    public static MobilityTrace Load(string path, int devices, long slots)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{path}: mobility trace not found.");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path, devices, slots);
    }

    public static MobilityTrace Parse(TextReader reader, string source, int devices, long slots)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (slots > int.MaxValue)
        {
            throw new FormatException($"{source}: a trace holds at most {int.MaxValue} slots; this run has {slots}.");
        }

        string? header = reader.ReadLine();
        if (header is null || !header.Split(',').Select(c => c.Trim()).SequenceEqual(["device", "slot", "x", "y"]))
        {
            throw new FormatException($"{source}:1: expected the header device,slot,x,y (positions in m), got '{header}'.");
        }

        var table = new Position?[devices][];
        for (int n = 0; n < devices; n++)
        {
            table[n] = new Position?[slots];
        }

        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            string[] cells = text.Split(',');
            if (cells.Length != 4)
            {
                throw new FormatException($"{source}:{line}: expected 4 values (device,slot,x,y), got {cells.Length}.");
            }

            if (!int.TryParse(cells[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int device) || device < 0 || device >= devices)
            {
                throw new FormatException($"{source}:{line}: device '{cells[0].Trim()}' is not one of this run's devices 0..{devices - 1}.");
            }

            if (!long.TryParse(cells[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long slot) || slot < 0)
            {
                throw new FormatException($"{source}:{line}: slot '{cells[1].Trim()}' is not a whole number >= 0.");
            }

            if (slot >= slots)
            {
                // Beyond the run's slots: not needed, and not kept.
                continue;
            }

            if (!TryCoordinate(cells[2], out double x) || !TryCoordinate(cells[3], out double y))
            {
                throw new FormatException($"{source}:{line}: x and y must be finite numbers of m within [-1e6, 1e6], got '{cells[2].Trim()}' and '{cells[3].Trim()}'.");
            }

            if (table[device][slot] is not null)
            {
                throw new FormatException($"{source}:{line}: device {device} has a second position for slot {slot}.");
            }

            table[device][slot] = new Position(x, y);
        }

        for (int n = 0; n < devices; n++)
        {
            int missing = Array.FindIndex(table[n], p => p is null);
            if (missing >= 0)
            {
                throw new FormatException($"{source}: device {n} has no position for slot {missing}; the run needs every device's slots 0..{slots - 1}.");
            }
        }

        return new MobilityTrace([.. table.Select(row => row.Select(p => p!.Value).ToImmutableArray())]);
    }

    private static bool TryCoordinate(string cell, out double value) =>
        double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value) && Math.Abs(value) <= 1e6;
}
