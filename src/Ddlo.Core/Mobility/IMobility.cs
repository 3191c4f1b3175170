using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Mobility;

/// <summary>How one device moves: its position slot after slot, from a start of its own. Checkpointed with the device.</summary>
public interface IMobility : ICheckpointable
{
    /// <summary>Where the device is now (before the first <see cref="Move"/>: where it starts).</summary>
    Position Position { get; }

    /// <summary>Moves the device for slot <paramref name="slot"/> (slots in order, from 0) and answers where it is then.</summary>
    Position Move(long slot);
}
