using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Core.Checkpoints;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Arrivals;

/// <summary>A process drawn from its own seeded stream, whose position is its whole checkpointed state.</summary>
public abstract class SeededArrivals(ReplayableRandom random) : IArrivalProcess
{
    /// <summary>The stream every draw comes from.</summary>
    protected ReplayableRandom Random { get; } = random ?? throw new ArgumentNullException(nameof(random));

    public abstract string Name { get; }

    public abstract double MeanBits { get; }

    public abstract double BitsFor(long frame);

    public void WriteState(BinaryWriter writer) => Random.WriteState(writer);

    public void ReadState(BinaryReader reader) => Random.ReadState(reader);

    /// <summary>Checks a [min, max] range of sizes, naming it.</summary>
    protected static void CheckRange(double minBits, double maxBits, string what)
    {
        if (!(minBits >= 0) || !(maxBits >= minBits) || !double.IsFinite(maxBits))
        {
            throw new ArgumentOutOfRangeException(nameof(maxBits), maxBits, $"{what} need 0 <= min <= max, finite, got {minBits}..{maxBits}.");
        }
    }
}

/// <summary>LyDROO's arrivals: an exponentially distributed amount of data every frame, of mean <paramref name="meanBits"/> Mbit.</summary>
public sealed class ExponentialArrivals(double meanBits, ReplayableRandom random) : SeededArrivals(random)
{
    public override string Name => "exponential";

    public override double MeanBits { get; } = meanBits > 0 && double.IsFinite(meanBits)
        ? meanBits
        : throw new ArgumentOutOfRangeException(nameof(meanBits), meanBits, "The mean arrival must be a finite number of Mbit > 0.");

    public override double BitsFor(long frame) => Exponential.Sample(Random, 1 / MeanBits);
}

/// <summary>
/// A Poisson number of tasks each frame (mean <c>tasksPerFrame</c>), each of a size drawn uniformly from
/// [<c>minBits</c>, <c>maxBits</c>] Mbit.
/// </summary>
public sealed class PoissonArrivals : SeededArrivals
{
    private readonly double tasksPerFrame;
    private readonly double minBits;
    private readonly double maxBits;

    public PoissonArrivals(double tasksPerFrame, double minBits, double maxBits, ReplayableRandom random)
        : base(random)
    {
        if (!(tasksPerFrame > 0) || !double.IsFinite(tasksPerFrame))
        {
            throw new ArgumentOutOfRangeException(nameof(tasksPerFrame), tasksPerFrame, "The task rate must be a finite number > 0.");
        }

        CheckRange(minBits, maxBits, "Task sizes");
        (this.tasksPerFrame, this.minBits, this.maxBits) = (tasksPerFrame, minBits, maxBits);
    }

    public override string Name => "poisson";

    public override double MeanBits => tasksPerFrame * (minBits + maxBits) / 2;

    public override double BitsFor(long frame)
    {
        int tasks = Poisson.Sample(Random, tasksPerFrame);
        double bits = 0;
        for (int t = 0; t < tasks; t++)
        {
            bits += minBits + ((maxBits - minBits) * Random.NextDouble());
        }

        return bits;
    }
}

/// <summary>The same i.i.d. uniform draw every frame (DDLO's and DROO's independent slots): uniform on [min, max] Mbit.</summary>
public sealed class UniformArrivals : SeededArrivals
{
    private readonly double minBits;
    private readonly double maxBits;

    public UniformArrivals(double minBits, double maxBits, ReplayableRandom random)
        : base(random)
    {
        CheckRange(minBits, maxBits, "Arrivals");
        (this.minBits, this.maxBits) = (minBits, maxBits);
    }

    public override string Name => "uniform";

    public override double MeanBits => (minBits + maxBits) / 2;

    public override double BitsFor(long frame) => minBits + ((maxBits - minBits) * Random.NextDouble());
}

/// <summary>
/// Arrivals replayed from a trace: one device's column of a CSV <c>frame,device,mbit</c> (or <c>frame,device,bits</c>,
/// its column in bits): frames with no line bring nothing; past the trace's last frame it starts again from frame 0.
/// Stateless: nothing to checkpoint.
/// </summary>
/// <remarks>
/// Only the frames the file names are kept, so a trace costs memory by its lines, never by its frame numbers (a
/// two-line file naming frame 2,147,483,646 is two entries).
/// </remarks>
public sealed class TraceArrivals : IArrivalProcess
{
    /// <summary>The largest arrival one line may bring, Mbit: what the models' arithmetic holds (<see cref="Systems.NumericRange"/>).</summary>
    public const double MaxMbit = Systems.NumericRange.Max;

    /// <summary>The headers a trace may have, and how many of its third column's unit make one Mbit.</summary>
    private static readonly (string Column, double PerMbit)[] Units = [("mbit", 1), ("bits", 1e6)];

    private readonly ImmutableDictionary<long, double> mbit;
    private readonly long frames;

    private TraceArrivals(ImmutableDictionary<long, double> mbit, long frames, double mean) =>
        (this.mbit, this.frames, MeanBits) = (mbit, frames, mean);

    public string Name => "trace";

    public double MeanBits { get; }

    public double BitsFor(long frame) => mbit.GetValueOrDefault(frame % frames);

    public void WriteState(BinaryWriter writer)
    {
    }

    public void ReadState(BinaryReader reader)
    {
    }

    /// <summary>Reads every device's arrivals from a trace; a malformed line throws <see cref="FormatException"/> naming the file, the line and the problem.</summary>
    public static ImmutableArray<TraceArrivals> Load(string path, int devices)
    {
        if (!File.Exists(path))
        {
            throw new FormatException($"{path}: arrival trace not found.");
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path, devices);
    }

    public static ImmutableArray<TraceArrivals> Parse(TextReader reader, string source, int devices)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine();
        string[] columns = header?.Split(',').Select(c => c.Trim()).ToArray() ?? [];
        int unit = columns.Length == 3 && columns[0] == "frame" && columns[1] == "device"
            ? Array.FindIndex(Units, u => u.Column == columns[2])
            : -1;
        if (unit < 0)
        {
            throw new FormatException($"{source}:1: expected the header frame,device,mbit (arrivals in Mbit) or frame,device,bits (in bits), got '{header}'.");
        }

        var (column, perMbit) = Units[unit];
        var entries = new Dictionary<(long Frame, int Device), double>();
        long frames = 0;
        int line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            string[] cells = text.Split(',');
            if (cells.Length != 3)
            {
                throw new FormatException($"{source}:{line}: expected 3 values (frame,device,{column}), got {cells.Length}.");
            }

            if (!long.TryParse(cells[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long frame) || frame < 0 || frame >= int.MaxValue)
            {
                throw new FormatException($"{source}:{line}: frame '{cells[0].Trim()}' is not a whole number in [0, {int.MaxValue - 1}].");
            }

            if (!int.TryParse(cells[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int device) || device < 0 || device >= devices)
            {
                throw new FormatException($"{source}:{line}: device '{cells[1].Trim()}' is not one of 0..{devices - 1}.");
            }

            if (!double.TryParse(cells[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value < 0
                || value / perMbit > MaxMbit)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{source}:{line}: {column} '{cells[2].Trim()}' must be a finite number >= 0 and at most {MaxMbit * perMbit:G3} {column}."));
            }

            if (!entries.TryAdd((frame, device), value / perMbit))
            {
                throw new FormatException($"{source}:{line}: frame {frame} of device {device} appears twice.");
            }

            frames = Math.Max(frames, frame + 1);
        }

        if (entries.Count == 0)
        {
            throw new FormatException($"{source}: the trace has a header but no arrivals.");
        }

        return [.. Enumerable.Range(0, devices).Select(d =>
        {
            var own = entries.Where(e => e.Key.Device == d).OrderBy(e => e.Key.Frame).ToList();
            // Summed in frame order, as the frames themselves arrive.
            double total = 0;
            foreach (var e in own)
            {
                total += e.Value;
            }

            return new TraceArrivals(own.ToImmutableDictionary(e => e.Key.Frame, e => e.Value), frames, total / frames);
        })];
    }
}
