namespace Ddlo.Core.Mobility;

/// <summary>One device's positions from a <see cref="MobilityTrace"/>: stateless beyond the last slot it moved to.</summary>
/// <remarks>
/// Past the trace's last slot (an environment stepped on beyond the run's steps) the device stays at its last position.
/// </remarks>
public sealed class TraceMobility(MobilityTrace trace, int device) : IMobility
{
    private long last = -1;

    public Position Position => At(Math.Max(last, 0));

    public Position Move(long slot)
    {
        last = slot;
        return At(slot);
    }

    private Position At(long slot) => trace.At(device, Math.Min(slot, trace.Slots - 1));

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(last);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        last = reader.ReadInt64();
    }
}
