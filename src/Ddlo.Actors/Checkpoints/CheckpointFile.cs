using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Ddlo.Actors.Checkpoints;

/// <summary>
/// <c>checkpoint.bin</c> in a results folder: a magic word and version, the step, the run's settings and every part,
/// then a SHA-256 of all that. It is written beside the target, flushed to disk and renamed over the old one, so a
/// kill at any moment leaves either the previous checkpoint or the new one, never a mix.
/// </summary>
public static class CheckpointFile
{
    public const string FileName = "checkpoint.bin";

    private const string Magic = "DDLOCKPT";
    // Version 2: no degraded count (the recorder's rows hold it), devices save only their random streams.
    // Version 3: the DNNs save their quantiser's noise stream, the edge server its adaptive candidate count.
    // Version 4: devices save their queues (LyDROO), the recorder's rows their queues, the memory its input width.
    // Version 5: the DNNs save the weights of the past rounds slots may still be decided with, the edge server the
    // adaptive counts the next slots are asked for (ddlo.learning.staleness).
    // Version 6: the recorder's rows save the device search's Q and the decisions priced per slot.
    private const int Version = 6;
    private const int HashLength = 32;

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>
    /// Saves <paramref name="checkpoint"/> in <paramref name="directory"/>, which must exist; returns the file's size in
    /// bytes. A folder removed under a run is not made again: the run stops rather than write where nobody looks.
    /// </summary>
    public static long Write(string directory, RunCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string path = PathIn(directory);
        string temporary = path + ".partial";
        var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            WriteBody(writer, checkpoint);
        }

        var content = body.GetBuffer().AsMemory(0, (int)body.Length);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(content.Span);
                file.Write(SHA256.HashData(content.Span));
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        return new FileInfo(path).Length;
    }

    /// <summary>Reads the checkpoint in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="CheckpointException">The file is truncated, corrupted or from another version.</exception>
    public static RunCheckpoint? Read(string directory)
    {
        string path = PathIn(directory);
        if (!File.Exists(path))
        {
            return null;
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + HashLength || Encoding.ASCII.GetString(bytes, 0, Magic.Length) != Magic)
        {
            throw new CheckpointException($"{path} is not a ddlo checkpoint (or is truncated)");
        }

        var body = bytes.AsSpan(0, bytes.Length - HashLength);
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashLength)))
        {
            throw new CheckpointException($"{path} is corrupted or truncated: its checksum does not match");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length, writable: false), Encoding.UTF8);
            return ReadBody(reader, path);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointException($"{path} is truncated", e);
        }
    }

    private static void WriteBody(BinaryWriter writer, RunCheckpoint checkpoint)
    {
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(Version);
        writer.Write(checkpoint.Step);
        writer.Write(checkpoint.SettingsHocon);
        writer.Write(checkpoint.Parts.Length);
        foreach (var part in checkpoint.Parts)
        {
            writer.Write(part.Name);
            writer.Write(part.Index);
            writer.Write(part.State.Length);
            writer.Write(part.State.AsSpan());
        }
    }

    private static RunCheckpoint ReadBody(BinaryReader reader, string path)
    {
        reader.ReadBytes(Magic.Length);
        int version = reader.ReadInt32();
        if (version != Version)
        {
            throw new CheckpointException($"{path} is a version {version} checkpoint; this ddlo reads version {Version}");
        }

        long step = reader.ReadInt64();
        string settings = reader.ReadString();
        int count = reader.ReadInt32();
        var parts = ImmutableArray.CreateBuilder<CheckpointPart>(count);
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            int index = reader.ReadInt32();
            int length = reader.ReadInt32();
            byte[] state = reader.ReadBytes(length);
            if (state.Length != length)
            {
                throw new EndOfStreamException();
            }

            parts.Add(new CheckpointPart(name, index, ImmutableCollectionsMarshal.AsImmutableArray(state)));
        }

        return new RunCheckpoint(step, settings, parts.MoveToImmutable());
    }
}
