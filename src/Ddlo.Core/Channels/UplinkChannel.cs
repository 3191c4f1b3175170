using Ddlo.Core.Checkpoints;
using Ddlo.Core.Mobility;

namespace Ddlo.Core.Channels;

/// <summary>
/// One device's uplink channel: its distance, drawn once from its own stream (uniform over the ring's area), and each
/// slot a fresh fading draw that gives the slot's rate scale s (<see cref="ChannelSettings.RateScale"/>). A device that
/// moves (<see cref="IMobility"/>) starts at that distance, and each slot its distance is where it has moved to.
/// </summary>
public sealed class UplinkChannel : ICheckpointable
{
    /// <summary>The nearest a moving device counts as being to its edge server, m (the path loss holds beyond).</summary>
    public const double MinDistanceM = 1;

    private readonly ChannelSettings settings;
    private readonly ReplayableRandom random;
    private readonly IMobility? mobility;

    /// <param name="settings">The channel model.</param>
    /// <param name="random">The device's channel stream: its place, then its fading.</param>
    /// <param name="moves">How the device moves from the distance it is placed at; null: it stays there.</param>
    public UplinkChannel(ChannelSettings settings, ReplayableRandom random, Func<double, IMobility>? moves = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        this.settings = settings;
        this.random = random;
        double near2 = settings.NearestM * settings.NearestM;
        double far2 = settings.FarthestM * settings.FarthestM;
        DistanceM = Math.Sqrt(near2 + (random.NextDouble() * (far2 - near2)));
        mobility = moves?.Invoke(DistanceM);
    }

    /// <summary>The device's distance from its edge server in the last slot (before the first: where it was placed), m.</summary>
    public double DistanceM { get; private set; }

    /// <summary>How the device moves, or null when it stays where it was placed.</summary>
    public IMobility? Mobility => mobility;

    /// <summary>
    /// The rate scale of slot <paramref name="slot"/>: the device moves (if it does), then one fading draw. Each call is
    /// the next slot's: call it once per slot, in order (the device actor does).
    /// </summary>
    public double RateScaleFor(long slot)
    {
        if (mobility is not null)
        {
            DistanceM = Math.Max(MinDistanceM, mobility.Move(slot).Distance);
        }

        return settings.RateScale(DistanceM, settings.FadingPower(random));
    }

    /// <summary>The fading stream, and the device's movement and distance when it moves.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        random.WriteState(writer);
        if (mobility is not null)
        {
            mobility.WriteState(writer);
            writer.Write(DistanceM);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        random.ReadState(reader);
        if (mobility is not null)
        {
            mobility.ReadState(reader);
            DistanceM = reader.ReadDouble();
        }
    }
}
