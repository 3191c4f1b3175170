namespace Ddlo.Actors.Checkpoints;

/// <summary>The checkpoints a run saved: how many, the last one's size, and the mean and longest time from the pause to the saved file.</summary>
public sealed record CheckpointStats(int Count, long LastBytes, double MeanMilliseconds, double MaxMilliseconds)
{
    public static CheckpointStats None { get; } = new(0, 0, 0, 0);

    public CheckpointStats Add(long bytes, double milliseconds) =>
        new(Count + 1, bytes, (MeanMilliseconds * Count + milliseconds) / (Count + 1), Math.Max(MaxMilliseconds, milliseconds));
}
