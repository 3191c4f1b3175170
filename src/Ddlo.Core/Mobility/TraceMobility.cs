namespace Ddlo.Core.Mobility;

/// <summary>One device's positions from a <see cref="MobilityTrace"/>: stateless beyond the last slot it moved to.</summary>
public sealed class TraceMobility(MobilityTrace trace, int device) : IMobility
{
    private long last = -1;

    public Position Position => trace.At(device, Math.Max(last, 0));

    public Position Move(long slot)
    {
        last = slot;
        return trace.At(device, slot);
    }

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
