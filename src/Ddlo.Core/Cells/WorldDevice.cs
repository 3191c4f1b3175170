using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Mobility;
using Ddlo.Core.Model;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Cells;

/// <summary>
/// One device of a map of cells: each slot it moves, associates with a cell (<see cref="Topology.Serve"/>), draws its
/// fading and its task sizes, and reports them (<see cref="DeviceSlot"/>). A change from one serving cell to another
/// is a handover; leaving every cell's coverage, or coming back into one, is not. Its position, walk, streams,
/// serving cell and handover count are its state, checkpointed together. Not thread-safe: one owner (its actor).
/// </summary>
public sealed class WorldDevice : ICheckpointable
{
    private readonly Topology topology;
    private readonly ChannelSettings? channel;
    private readonly ReplayableRandom fading;
    private readonly IMobility? mobility;
    private readonly ITaskSource tasks;
    private readonly DeviceTraits traits;
    private Position position;

    /// <param name="device">Its number.</param>
    /// <param name="topology">The map's cells and the association rule.</param>
    /// <param name="channel">The uplink channel, or null: every covered device uploads at the paper's rate.</param>
    /// <param name="start">Where it starts, m.</param>
    /// <param name="mobility">How it moves from there (starting there), or null: it stays.</param>
    /// <param name="fading">Its fading stream: one draw every slot, served or not.</param>
    /// <param name="tasks">Its task sizes.</param>
    /// <param name="traits">Its class factors (its rate scale is drawn each slot).</param>
    public WorldDevice(int device, Topology topology, ChannelSettings? channel, Position start, IMobility? mobility, ReplayableRandom fading, ITaskSource tasks, DeviceTraits traits)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(fading);
        ArgumentNullException.ThrowIfNull(tasks);
        (Device, this.topology, this.channel, position, this.mobility, this.fading, this.tasks, this.traits) =
            (device, topology, channel, start, mobility, fading, tasks, traits);
    }

    public int Device { get; }

    /// <summary>The cell that served it last slot, or <see cref="Topology.NoCell"/>.</summary>
    public int Cell { get; private set; } = Topology.NoCell;

    /// <summary>Handovers so far.</summary>
    public long Handovers { get; private set; }

    /// <summary>Where it is, m.</summary>
    public Position Position => position;

    /// <summary>Slot <paramref name="slot"/>: moves, associates, draws its fading and tasks. Call once per slot, in order.</summary>
    public DeviceSlot Step(long slot)
    {
        if (mobility is not null)
        {
            position = mobility.Move(slot);
        }

        int previous = Cell;
        Cell = topology.Serve(position, previous);
        bool handover = previous != Topology.NoCell && Cell != Topology.NoCell && Cell != previous;
        if (handover)
        {
            Handovers++;
        }

        double rate = 1;
        if (channel is not null)
        {
            double power = channel.FadingPower(fading);
            if (Cell != Topology.NoCell)
            {
                var cell = topology.Cells[Cell];
                rate = channel.RateScale(Math.Max(Topology.MinDistanceM, position.DistanceTo(cell.Position)), power * cell.Gain);
            }
        }

        return new DeviceSlot(Device, Cell, position, tasks.TasksFor(slot), traits.WithRate(rate), handover);
    }

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(position.X);
        writer.Write(position.Y);
        writer.Write(Cell);
        writer.Write(Handovers);
        fading.WriteState(writer);
        mobility?.WriteState(writer);
        (tasks as ICheckpointable)?.WriteState(writer);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        position = new Position(reader.ReadDouble(), reader.ReadDouble());
        Cell = reader.ReadInt32();
        Handovers = reader.ReadInt64();
        fading.ReadState(reader);
        mobility?.ReadState(reader);
        (tasks as ICheckpointable)?.ReadState(reader);
    }
}
