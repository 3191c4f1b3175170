using Ddlo.Core.Checkpoints;

namespace Ddlo.Learning.Memory;

/// <summary>
/// The shared replay memory: a fixed-size FIFO of (network inputs, kept decision) pairs, the oldest evicted first,
/// sampled uniformly with replacement. The inputs are the reports (N*M task sizes or channel gains), then any context
/// (LyDROO's queues); the decision has one bit per report. Not thread-safe: one owner (an actor).
/// </summary>
public sealed class ReplayMemory : ICheckpointable
{
    private readonly float[] sizes;
    private readonly float[] labels;
    private int next;

    /// <param name="capacity">Entries held before the oldest is evicted.</param>
    /// <param name="width">Decision bits per entry (N*M).</param>
    /// <param name="inputWidth">Network inputs per entry: the reports and any context (0: <paramref name="width"/>, no context).</param>
    public ReplayMemory(int capacity, int width, int inputWidth = 0)
    {
        if (capacity < 1)
        {
            throw new ArgumentException($"The replay memory needs room for at least 1 entry, got {capacity}.", nameof(capacity));
        }

        if (width < 1)
        {
            throw new ArgumentException($"An entry needs at least one task, got {width}.", nameof(width));
        }

        if (inputWidth != 0 && inputWidth < width)
        {
            throw new ArgumentException($"An entry's inputs include its {width} reports, got {inputWidth} inputs.", nameof(inputWidth));
        }

        Capacity = capacity;
        Width = width;
        InputWidth = inputWidth == 0 ? width : inputWidth;
        sizes = new float[capacity * InputWidth];
        labels = new float[capacity * width];
    }

    public int Capacity { get; }

    /// <summary>N*M decision bits per entry.</summary>
    public int Width { get; }

    /// <summary>Network inputs per entry: the N*M reports, then any context.</summary>
    public int InputWidth { get; }

    /// <summary>Entries held now (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>Entries ever added.</summary>
    public long Added { get; private set; }

    public void Add(ReadOnlySpan<double> inputs, ReadOnlySpan<bool> decision)
    {
        if (inputs.Length != InputWidth || decision.Length != Width)
        {
            throw new ArgumentException($"An entry needs {InputWidth} inputs and {Width} decision bits, got {inputs.Length} and {decision.Length}.");
        }

        for (int i = 0; i < InputWidth; i++)
        {
            sizes[(next * InputWidth) + i] = (float)inputs[i];
        }

        for (int i = 0; i < Width; i++)
        {
            labels[(next * Width) + i] = decision[i] ? 1f : 0f;
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
        return (sizes.AsSpan(slot * InputWidth, InputWidth).ToArray(), labels.AsSpan(slot * Width, Width).ToArray());
    }

    /// <summary>A batch of <paramref name="rows"/> entries drawn uniformly with replacement.</summary>
    public (float[] Sizes, float[] Labels) Sample(int rows, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Count == 0)
        {
            throw new InvalidOperationException("Cannot sample an empty replay memory.");
        }

        var batchSizes = new float[rows * InputWidth];
        var batchLabels = new float[rows * Width];
        for (int r = 0; r < rows; r++)
        {
            int slot = random.Next(Count);
            sizes.AsSpan(slot * InputWidth, InputWidth).CopyTo(batchSizes.AsSpan(r * InputWidth));
            labels.AsSpan(slot * Width, Width).CopyTo(batchLabels.AsSpan(r * Width));
        }

        return (batchSizes, batchLabels);
    }

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Capacity);
        writer.Write(Width);
        if (InputWidth != Width)
        {
            writer.Write(InputWidth);
        }

        writer.Write(next);
        writer.Write(Count);
        writer.Write(Added);
        foreach (float value in sizes.AsSpan(0, Count * InputWidth))
        {
            writer.Write(value);
        }

        foreach (float value in labels.AsSpan(0, Count * Width))
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

        if (InputWidth != Width && reader.ReadInt32() is var inputs && inputs != InputWidth)
        {
            throw new InvalidDataException($"The saved replay memory holds entries of {inputs} inputs; this one holds {InputWidth}.");
        }

        int savedNext = reader.ReadInt32();
        int count = reader.ReadInt32();
        long added = reader.ReadInt64();
        if (count < 0 || count > capacity || savedNext < 0 || savedNext >= capacity || added < count)
        {
            throw new InvalidDataException($"The saved replay memory is inconsistent: {count} entries, next {savedNext}, {added} added.");
        }

        for (int i = 0; i < count * InputWidth; i++)
        {
            sizes[i] = reader.ReadSingle();
        }

        for (int i = 0; i < count * width; i++)
        {
            labels[i] = reader.ReadSingle();
        }

        (next, Count, Added) = (savedNext, count, added);
    }
}
