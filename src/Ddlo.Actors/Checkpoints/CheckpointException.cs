namespace Ddlo.Actors.Checkpoints;

/// <summary>A checkpoint or results folder that cannot be resumed: missing, truncated, corrupted or from another version.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CheckpointException()
    {
    }
}
