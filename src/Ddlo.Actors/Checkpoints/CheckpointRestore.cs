using System.Collections.Immutable;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Checkpoints;

/// <summary>
/// A resume in progress, as plain state: the part of the checkpoint each worker must take up (the recorder, the
/// memory, every DNN and every device), and the answers as they come back. The counterpart of
/// <see cref="CheckpointCapture"/>. No Akka.
/// </summary>
internal sealed class CheckpointRestore
{
    private int pending;

    /// <exception cref="CheckpointException">The checkpoint lacks a part this run needs.</exception>
    public CheckpointRestore(RunCheckpoint checkpoint, IEnumerable<DnnId> dnns, int devices)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var parts = new List<Part>
        {
            new(CheckpointParts.Recorder, 0, checkpoint.Part(CheckpointParts.Recorder, 0)),
            new(CheckpointParts.Memory, 0, checkpoint.Part(CheckpointParts.Memory, 0)),
        };
        parts.AddRange(dnns.Select(k => new Part(CheckpointParts.Dnn, k.Value, checkpoint.Part(CheckpointParts.Dnn, k.Value))));
        parts.AddRange(Enumerable.Range(0, devices).Select(n => new Part(CheckpointParts.Device, n, checkpoint.Part(CheckpointParts.Device, n))));
        Parts = [.. parts];
        pending = Parts.Length;
        Step = checkpoint.Step;
    }

    public long Step { get; }

    /// <summary>What to send: to the recorder, the memory, DNN k or device n, by <see cref="Part.Name"/> and <see cref="Part.Index"/>.</summary>
    public ImmutableArray<Part> Parts { get; }

    /// <summary>The first part that could not take up its state, once every part has answered.</summary>
    public string? Error { get; private set; }

    /// <summary>Adds an answer; true once every part has answered (then <see cref="Error"/> says whether all fit).</summary>
    public bool Add(StateRestored restored)
    {
        ArgumentNullException.ThrowIfNull(restored);
        if (restored.Error is not null)
        {
            Error ??= $"{restored.Part} {restored.Index} could not take up its saved state: {restored.Error}";
        }

        return --pending == 0;
    }

    public sealed record Part(string Name, int Index, ImmutableArray<byte> State)
    {
        public RestoreState Message => new(State);
    }
}
