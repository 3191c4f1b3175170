using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;

namespace Ddlo.Actors.Checkpoints;

/// <summary>Turns a worker's state into the bytes a <see cref="StateCaptured"/> carries, and back.</summary>
internal static class StateBlob
{
    /// <summary>The answer to a <see cref="CaptureState"/>: part <paramref name="part"/> number <paramref name="index"/>, as <paramref name="write"/> writes it.</summary>
    public static StateCaptured Capture(string part, int index, Action<BinaryWriter> write) => new(part, index, Write(write));

    /// <summary>
    /// Takes up <paramref name="restore"/> with <paramref name="read"/>; the answer says whether the state fit, so a bad
    /// checkpoint fails the resume with the part's name instead of crashing the worker.
    /// </summary>
    public static StateRestored Restore(RestoreState restore, string part, int index, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(restore);
        try
        {
            Read(restore.State, read);
            return new StateRestored(part, index);
        }
        catch (InvalidDataException e)
        {
            return new StateRestored(part, index, e.Message);
        }
    }

    public static ImmutableArray<byte> Write(Action<BinaryWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            write(writer);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(stream.ToArray());
    }

    public static ImmutableArray<byte> Write(ICheckpointable state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Write(state.WriteState);
    }

    /// <summary>Reads <paramref name="state"/> with <paramref name="read"/>, which must consume every byte.</summary>
    public static void Read(ImmutableArray<byte> state, Action<BinaryReader> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var stream = new MemoryStream(ImmutableCollectionsMarshal.AsArray(state) ?? [], writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            read(reader);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The saved state is shorter than its contents need.", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"The saved state has {stream.Length - stream.Position} bytes left over.");
        }
    }

    public static void Read(ImmutableArray<byte> state, ICheckpointable into)
    {
        ArgumentNullException.ThrowIfNull(into);
        Read(state, into.ReadState);
    }
}
