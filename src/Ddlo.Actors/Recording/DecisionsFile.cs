using System.Globalization;
using System.Text;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Ordering;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Recording;

/// <summary>
/// decisions.csv (<c>ddlo.results.decisions = on</c>): one row per slot and device, in slot order, written as the slots
/// are decided: the slot, the device, and the system model's breakdown of the kept decision
/// (<see cref="IDeviceBreakdown"/>), with each device's arrivals for a system with queues. It streams through a large
/// buffer, so a long run does not hold its rows; a checkpoint flushes it and keeps its length, and a resumed run cuts it
/// back to that length and goes on, so that it has every slot once. Plain state, no Akka.
/// </summary>
internal sealed class DecisionsFile : IDisposable
{
    /// <summary>The file's name in a results folder.</summary>
    public const string FileName = Configuration.ResultsSettings.DecisionsFile;

    private const int BufferBytes = 1 << 20;

    private readonly IDeviceBreakdown breakdown;
    private readonly bool queues;
    private InSlotOrder<SlotDecided> order = new(0);
    private StreamWriter? writer;
    private bool append;

    /// <summary>The file's length while it is not open: after a restore, or once closed.</summary>
    private long length;

    public DecisionsFile(string path, ISystemModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Path = path;
        breakdown = model as IDeviceBreakdown
            ?? throw new ArgumentException($"The system model '{model.Name}' does not break a decision down per device (IDeviceBreakdown).", nameof(model));
        queues = model is IQueueingSystemModel;
    }

    /// <summary>Where it is written.</summary>
    public string Path { get; }

    /// <summary>The columns for devices that report <paramref name="tasksPerDevice"/> values each.</summary>
    public IReadOnlyList<string> Header(int tasksPerDevice) =>
        ["slot", "device", .. breakdown.BreakdownColumns(tasksPerDevice), .. queues ? ["arrivals_mbit"] : Array.Empty<string>()];

    /// <summary>A decided slot: its rows are written once every slot before it is.</summary>
    public void Add(SlotDecided slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        foreach (var due in order.Add(slot.Slot.Value, slot))
        {
            Write(due);
        }
    }

    /// <summary>Writes out the buffered rows: before a checkpoint, whose <see cref="WriteState"/> saves the length it leaves.</summary>
    public void Flush() => writer?.Flush();

    /// <summary>Saves the file's length and the next slot, for a checkpoint; <see cref="Flush"/> first, which may fail on a full disk.</summary>
    public void WriteState(BinaryWriter state)
    {
        ArgumentNullException.ThrowIfNull(state);
        writer?.Flush();
        state.Write(writer?.BaseStream.Length ?? length);
        state.Write(order.Next);
    }

    /// <summary>
    /// Takes up a checkpoint's length and next slot: the file is cut back to that length (the rows written after the
    /// checkpoint go, the slots are decided again), and the next rows follow it.
    /// </summary>
    public void ReadState(BinaryReader state)
    {
        ArgumentNullException.ThrowIfNull(state);
        long length = state.ReadInt64();
        long next = state.ReadInt64();
        Close();
        long found = File.Exists(Path) ? new FileInfo(Path).Length : 0;
        if (found < length)
        {
            throw new InvalidDataException(
                $"{Path} has {found} bytes, fewer than the {length} the checkpoint's run had written; it was changed or removed since, and cannot be continued.");
        }

        try
        {
            using var file = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
            file.SetLength(length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A resume that cannot take up the file fails in one line naming it, as a changed file does.
            throw new InvalidDataException($"{Path} cannot be cut back to the checkpoint's {length} bytes: {e.Message}", e);
        }

        order = new InSlotOrder<SlotDecided>(next);
        (append, this.length) = (true, length);
    }

    /// <summary>
    /// Writes out what is buffered and closes the file (the run is complete or stops); rows that come after are appended,
    /// never written over the closed file. The handle goes even when the last write fails.
    /// </summary>
    public void Close()
    {
        if (writer is not { } open)
        {
            return;
        }

        writer = null;
        try
        {
            open.Flush();
            length = open.BaseStream.Length;
        }
        finally
        {
            open.Dispose();
        }
    }

    public void Dispose() => Close();

    private void Write(SlotDecided slot)
    {
        var output = writer ??= Open(slot.Workload.TasksPerDevice);
        var rows = breakdown.Breakdown(slot.Workload, OffloadDecision.FromBits(slot.Decision));
        var line = new StringBuilder(256);
        for (int n = 0; n < rows.Length; n++)
        {
            line.Clear();
            line.Append(slot.Slot.Value.ToString(CultureInfo.InvariantCulture)).Append(',').Append(n.ToString(CultureInfo.InvariantCulture));
            foreach (double value in rows[n])
            {
                line.Append(',').Append(Cell(value));
            }

            if (queues)
            {
                line.Append(',').Append(slot.Arrivals.IsDefaultOrEmpty ? string.Empty : Cell(slot.Arrivals[n]));
            }

            output.WriteLine(line);
        }
    }

    /// <summary>A new file with its header, or the restored one (already cut back to its checkpoint's length) to go on.</summary>
    private StreamWriter Open(int tasksPerDevice)
    {
        var stream = new FileStream(Path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        append = true;
        var output = new StreamWriter(stream, new UTF8Encoding(false), BufferBytes);
        if (stream.Length == 0)
        {
            output.WriteLine(string.Join(',', Header(tasksPerDevice)));
        }

        return output;
    }

    /// <summary>As steps.csv writes numbers: round-trip, invariant, NaN empty.</summary>
    private static string Cell(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);
}
