namespace Ddlo.Core.Checkpoints;

/// <summary>
/// A seeded <see cref="Random"/> whose position in its stream can be saved and restored. It draws exactly the
/// numbers <c>new Random(seed)</c> draws (so runs keep their published streams), and counts the draws: restoring
/// replays that many from the seed, which costs about 5 ns a draw.
/// </summary>
/// <remarks>
/// Only the single-draw members are supported (<see cref="Next()"/>, <see cref="Next(int)"/>, <see cref="Next(int, int)"/>
/// with a range below 2^31, <see cref="NextDouble"/>): the others would consume an unknown number of draws.
/// </remarks>
public sealed class ReplayableRandom : Random, ICheckpointable
{
    private readonly int seed;
    private Random inner;

    public ReplayableRandom(int seed)
    {
        this.seed = seed;
        inner = new Random(seed);
    }

    /// <summary>Numbers drawn so far.</summary>
    public long Draws { get; private set; }

    public override int Next()
    {
        Draws++;
        return inner.Next();
    }

    public override int Next(int maxValue)
    {
        Draws++;
        return inner.Next(maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        if ((long)maxValue - minValue > int.MaxValue)
        {
            throw new NotSupportedException("A range of 2^31 or more takes two draws and cannot be replayed.");
        }

        Draws++;
        return inner.Next(minValue, maxValue);
    }

    public override double NextDouble()
    {
        Draws++;
        return inner.NextDouble();
    }

    protected override double Sample() => NextDouble();

    public override long NextInt64() => throw Unsupported();

    public override long NextInt64(long maxValue) => throw Unsupported();

    public override long NextInt64(long minValue, long maxValue) => throw Unsupported();

    public override float NextSingle() => throw Unsupported();

    public override void NextBytes(byte[] buffer) => throw Unsupported();

    public override void NextBytes(Span<byte> buffer) => throw Unsupported();

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(seed);
        writer.Write(Draws);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int savedSeed = reader.ReadInt32();
        long draws = reader.ReadInt64();
        if (savedSeed != seed || draws < 0)
        {
            throw new InvalidDataException($"The saved generator state (seed {savedSeed}, {draws} draws) does not belong to this generator (seed {seed}).");
        }

        inner = new Random(seed);
        for (long i = 0; i < draws; i++)
        {
            inner.Next();
        }

        Draws = draws;
    }

    private static NotSupportedException Unsupported() =>
        new("Only Next and NextDouble can be replayed: this member would consume an unknown number of draws.");
}
