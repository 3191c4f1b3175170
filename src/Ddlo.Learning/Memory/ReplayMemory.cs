using Ddlo.Core.Checkpoints;

namespace Ddlo.Learning.Memory;

/// <summary>
/// The shared replay memory: a fixed-size FIFO of (task sizes, kept decision) pairs, the oldest evicted first,
/// sampled uniformly with replacement. Not thread-safe: one owner (an actor).
/// </summary>
public sealed class ReplayMemory : ICheckpointable
{
    private readonly float[] sizes;
    private readonly float[] labels;
    private int next;

    public ReplayMemory(int capacity, int width)
    {
        if (capacity < 1)
        {
            throw new ArgumentException($"The replay memory needs room for at least 1 entry, got {capacity}.", nameof(capacity));
        }

        if (width < 1)
        {
            throw new ArgumentException($"An entry needs at least one task, got {width}.", nameof(width));
        }

        Capacity = capacity;
        Width = width;
        sizes = new float[capacity * width];
        labels = new float[capacity * width];
    }

    public int Capacity { get; }

    /// <summary>N*M values per entry.</summary>
    public int Width { get; }

    /// <summary>Entries held now (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Entries ever added.</summary>
    public long Added { get; private set; }

    public void Add(ReadOnlySpan<double> taskSizes, ReadOnlySpan<bool> decision)
    {
        if (taskSizes.Length != Width || decision.Length != Width)
        {
            throw new ArgumentException($"An entry needs {Width} sizes and {Width} decision bits, got {taskSizes.Length} and {decision.Length}.");
        }

        int offset = next * Width;
        for (int i = 0; i < Width; i++)
        {
            sizes[offset + i] = (float)taskSizes[i];
            labels[offset + i] = decision[i] ? 1f : 0f;
        }

        next = (next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
        Added++;
    }

    /// <summary>The entry <paramref name="age"/> places from the newest (0 = newest).</summary>
    public (float[] Sizes, float[] Labels) Recent(int age)
    {
        if (age < 0 || age >= Count)
        {
            throw new ArgumentOutOfRangeException(nameof(age), age, $"The memory holds {Count} entries.");
        }

        int slot = ((next - 1 - age) % Capacity + Capacity) % Capacity;
        return (sizes.AsSpan(slot * Width, Width).ToArray(), labels.AsSpan(slot * Width, Width).ToArray());
    }

    /// <summary>A batch of <paramref name="rows"/> entries drawn uniformly with replacement.</summary>
    public (float[] Sizes, float[] Labels) Sample(int rows, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Count == 0)
        {
            throw new InvalidOperationException("Cannot sample an empty replay memory.");
        }

        var batchSizes = new float[rows * Width];
        var batchLabels = new float[rows * Width];
        for (int r = 0; r < rows; r++)
        {
            int slot = random.Next(Count);
            sizes.AsSpan(slot * Width, Width).CopyTo(batchSizes.AsSpan(r * Width));
            labels.AsSpan(slot * Width, Width).CopyTo(batchLabels.AsSpan(r * Width));
        }

        return (batchSizes, batchLabels);
    }

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Capacity);
        writer.Write(Width);
        writer.Write(next);
        writer.Write(Count);
        writer.Write(Added);
        int used = Count * Width;
        foreach (float value in sizes.AsSpan(0, used))
        {
            writer.Write(value);
        }

        foreach (float value in labels.AsSpan(0, used))
        {
            writer.Write(value);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int capacity = reader.ReadInt32();
        int width = reader.ReadInt32();
        if (capacity != Capacity || width != Width)
        {
            throw new InvalidDataException($"The saved replay memory holds {capacity} entries of {width} tasks; this one holds {Capacity} of {Width}.");
        }

        int savedNext = reader.ReadInt32();
        int count = reader.ReadInt32();
        long added = reader.ReadInt64();
        if (count < 0 || count > capacity || savedNext < 0 || savedNext >= capacity || added < count)
        {
            throw new InvalidDataException($"The saved replay memory is inconsistent: {count} entries, next {savedNext}, {added} added.");
        }

        int used = count * width;
        for (int i = 0; i < used; i++)
        {
            sizes[i] = reader.ReadSingle();
        }

        for (int i = 0; i < used; i++)
        {
            labels[i] = reader.ReadSingle();
        }

        (next, Count, Added) = (savedNext, count, added);
    }
}
