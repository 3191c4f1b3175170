namespace Ddlo.Core.Checkpoints;

/// <summary>State that a checkpoint saves and a resumed run restores, bit for bit.</summary>
public interface ICheckpointable
{
    void WriteState(BinaryWriter writer);

    /// <summary>Restores what <see cref="WriteState"/> wrote; throws <see cref="InvalidDataException"/> when it does not fit.</summary>
    void ReadState(BinaryReader reader);
}
