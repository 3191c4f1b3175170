namespace Ddlo.Actors.Recording;

/// <summary>One DNN's training loss in one round.</summary>
/// <param name="Dnn">k.</param>
/// <param name="Round">Training round, 1-based.</param>
/// <param name="AfterSlot">The slot whose decision triggered the round.</param>
/// <param name="Loss">Binary cross-entropy on the round's batch.</param>
public sealed record LossRecord(int Dnn, long Round, long AfterSlot, double Loss)
{
    /// <summary>Writes the record for a checkpoint.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Dnn);
        writer.Write(Round);
        writer.Write(AfterSlot);
        writer.Write(Loss);
    }

    /// <summary>Reads a record written by <see cref="Write"/>.</summary>
    public static LossRecord Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new LossRecord(reader.ReadInt32(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadDouble());
    }
}
