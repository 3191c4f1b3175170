using Ddlo.Core.Checkpoints;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Channels;

/// <summary>
/// One device's uplink channel: its distance, drawn once from its own stream (uniform over the ring's area), and each
/// slot a fresh fading draw that gives the slot's rate scale s (<see cref="ChannelSettings.RateScale"/>).
/// </summary>
public sealed class UplinkChannel : ICheckpointable
{
    private readonly ChannelSettings settings;
    private readonly ReplayableRandom random;
    private readonly double lineOfSight;
    private readonly double scatter;

    public UplinkChannel(ChannelSettings settings, ReplayableRandom random)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        this.settings = settings;
        this.random = random;
        double near2 = settings.NearestM * settings.NearestM;
        double far2 = settings.FarthestM * settings.FarthestM;
        DistanceM = Math.Sqrt(near2 + (random.NextDouble() * (far2 - near2)));
        lineOfSight = Math.Sqrt(settings.RicianK / (settings.RicianK + 1));
        scatter = Math.Sqrt(1 / (2 * (settings.RicianK + 1)));
    }

    /// <summary>The device's distance from its edge server, m.</summary>
    public double DistanceM { get; }

    /// <summary>The rate scale of the next slot (one fading draw).</summary>
    public double RateScaleFor(long slot) => settings.RateScale(DistanceM, FadingPower());

    public void WriteState(BinaryWriter writer) => random.WriteState(writer);

    public void ReadState(BinaryReader reader) => random.ReadState(reader);

    /// <summary>|h|^2 with unit mean: 1, an exponential draw, or a line of sight plus complex Gaussian scatter.</summary>
    private double FadingPower()
    {
        switch (settings.Fading)
        {
            case Fading.Rayleigh:
                return Exponential.Sample(random, 1.0);
            case Fading.Rician:
                double x = lineOfSight + Normal.Sample(random, 0, scatter);
                double y = Normal.Sample(random, 0, scatter);
                return (x * x) + (y * y);
            default:
                return 1;
        }
    }
}
