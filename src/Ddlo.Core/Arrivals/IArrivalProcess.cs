using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Arrivals;

/// <summary>
/// The data that arrives at one device each frame (Mbit), from the device's own seeded stream; a device actor owns one,
/// and its position in the stream is checkpointed with the device (<see cref="ICheckpointable"/>).
/// </summary>
public interface IArrivalProcess : ICheckpointable
{
    /// <summary>The process's name in scenarios and results.</summary>
    string Name { get; }

    /// <summary>The long-run mean arrival per frame, Mbit (what a stable system must serve).</summary>
    double MeanBits { get; }

    /// <summary>The data arriving in <paramref name="frame"/>, Mbit (frames are asked for in order).</summary>
    double BitsFor(long frame);
}
