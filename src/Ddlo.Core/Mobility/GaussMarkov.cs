using Ddlo.Core.Checkpoints;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Mobility;

/// <summary>
/// Gauss-Markov mobility (Liang and Haas): each slot the speed and heading move towards their means with memory alpha,
/// s' = alpha s + (1 - alpha) s_mean + sqrt(1 - alpha^2) sd_s z, and likewise the heading around its mean, and the
/// device moves s' times the slot's duration along the heading. At the area's edge it is reflected back in, and its
/// heading and mean heading turn with it. alpha = 1 is a straight line at a constant speed; alpha = 0, a random walk.
/// </summary>
public sealed class GaussMarkov : IMobility
{
    private readonly MobilitySettings settings;
    private readonly ReplayableRandom random;
    private double speed;
    private double heading;
    private double meanHeading;

    public GaussMarkov(MobilitySettings settings, Position start, ReplayableRandom random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        (this.settings, this.random, Position) = (settings, random, start);
        speed = settings.MeanSpeed;
        heading = meanHeading = random.NextDouble() * 2 * Math.PI;
    }

    public Position Position { get; private set; }

    /// <summary>The speed of the last slot, m/s.</summary>
    public double Speed => speed;

    /// <summary>The heading of the last slot, rad.</summary>
    public double Heading => heading;

    public Position Move(long slot)
    {
        double a = settings.Alpha;
        double noise = Math.Sqrt(1 - (a * a));
        speed = Math.Max(0, (a * speed) + ((1 - a) * settings.MeanSpeed) + (noise * settings.SpeedSd * Normal.Sample(random, 0, 1)));
        heading = (a * heading) + ((1 - a) * meanHeading) + (noise * settings.HeadingSd * Normal.Sample(random, 0, 1));
        double x = Position.X + (speed * settings.SlotSeconds * Math.Cos(heading));
        double y = Position.Y + (speed * settings.SlotSeconds * Math.Sin(heading));
        (x, bool turnedX) = Reflect(x, settings.HalfSideM);
        (y, bool turnedY) = Reflect(y, settings.HalfSideM);
        if (turnedX)
        {
            (heading, meanHeading) = (Math.PI - heading, Math.PI - meanHeading);
        }

        if (turnedY)
        {
            (heading, meanHeading) = (-heading, -meanHeading);
        }

        Position = new Position(x, y);
        return Position;
    }

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        random.WriteState(writer);
        foreach (double value in (double[])[Position.X, Position.Y, speed, heading, meanHeading])
        {
            writer.Write(value);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        random.ReadState(reader);
        Position = new Position(reader.ReadDouble(), reader.ReadDouble());
        (speed, heading, meanHeading) = (reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
    }

    /// <summary>
    /// A coordinate folded back into [-h, h], in closed form however long the step, and whether it ends up turned (an
    /// odd number of reflections).
    /// </summary>
    private static (double Value, bool Turned) Reflect(double value, double h)
    {
        if (value >= -h && value <= h)
        {
            return (value, false);
        }

        double period = 4 * h;
        double v = ((value + h) % period + period) % period;
        return v > 2 * h ? (h - (v - (2 * h)), true) : (v - h, false);
    }
}
