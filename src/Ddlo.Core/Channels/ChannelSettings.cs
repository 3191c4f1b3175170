using System.Globalization;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Channels;

/// <summary>
/// The uplink channel of MUMT's devices (<c>ddlo.channel</c>, docs/many-cells.md §2): a device at distance d from its
/// edge server, with a fading power gain h (unit mean), sees the SNR SNR_ref (d_ref / d)^PL h, and its rate scale is
/// s = log2(1 + SNR) / log2(1 + SNR_ref): a device at the reference distance with mean fading sees the paper's rate.
/// </summary>
/// <remarks>
/// Carrier, antenna gains, transmit power and noise enter the SNR only as one constant, so the reference SNR stands for
/// all of them. Devices are placed uniformly over the ring between the nearest and farthest distance (uniform in area)
/// and stay there; the many-cells work moves them.
/// </remarks>
/// <param name="Fading">The small-scale fading drawn each slot.</param>
/// <param name="RicianK">K: line-of-sight power over scattered power, for Rician fading (linear, not dB).</param>
/// <param name="PathLossExponent">PL: how fast the mean SNR falls with distance.</param>
/// <param name="ReferenceDistanceM">d_ref: the distance at which a device with mean fading sees the paper's rate, m.</param>
/// <param name="ReferenceSnrDb">SNR_ref: the SNR at the reference distance with mean fading, dB.</param>
/// <param name="NearestM">The nearest a device is placed, m.</param>
/// <param name="FarthestM">The farthest a device is placed, m.</param>
public sealed record ChannelSettings(
    Fading Fading = Fading.Rayleigh,
    double RicianK = 3,
    double PathLossExponent = 3,
    double ReferenceDistanceM = 100,
    double ReferenceSnrDb = 20,
    double NearestM = 20,
    double FarthestM = 200)
{
    /// <summary>SNR_ref as a ratio.</summary>
    public double ReferenceSnr => Math.Pow(10, ReferenceSnrDb / 10);

    /// <summary>
    /// The rate scale s of a device at <paramref name="distanceM"/> with fading power gain <paramref name="fadingPower"/>,
    /// kept within [<see cref="MecModel.MinRateScale"/>, <see cref="MecModel.MaxRateScale"/>] (a deep fade gives the
    /// smallest: the device can hardly upload).
    /// </summary>
    public double RateScale(double distanceM, double fadingPower)
    {
        double snr = ReferenceSnr * Math.Pow(ReferenceDistanceM / distanceM, PathLossExponent) * fadingPower;
        return Math.Clamp(Math.Log2(1 + snr) / Math.Log2(1 + ReferenceSnr), MecModel.MinRateScale, MecModel.MaxRateScale);
    }

    /// <summary>
    /// One draw of the fading power |h|^2, unit mean, from <paramref name="random"/>: 1 without fading, an exponential
    /// draw for Rayleigh, a line of sight plus complex Gaussian scatter for Rician.
    /// </summary>
    public double FadingPower(Random random)
    {
        switch (Fading)
        {
            case Fading.Rayleigh:
                return Exponential.Sample(random, 1.0);
            case Fading.Rician:
                double lineOfSight = Math.Sqrt(RicianK / (RicianK + 1));
                double scatter = Math.Sqrt(1 / (2 * (RicianK + 1)));
                double x = lineOfSight + Normal.Sample(random, 0, scatter);
                double y = Normal.Sample(random, 0, scatter);
                return (x * x) + (y * y);
            default:
                return 1;
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> whose parameter name is the first invalid setting.</summary>
    public ChannelSettings Validate()
    {
        SettingChecks.Require(RicianK >= 0, nameof(RicianK), RicianK, "a number >= 0");
        SettingChecks.Require(PathLossExponent > 0 && PathLossExponent <= 10, nameof(PathLossExponent), PathLossExponent, "a number in (0, 10]");
        SettingChecks.Require(ReferenceDistanceM > 0 && ReferenceDistanceM <= 1e6, nameof(ReferenceDistanceM), ReferenceDistanceM, "a distance in (0, 1e6] m");
        SettingChecks.Require(ReferenceSnrDb >= -50 && ReferenceSnrDb <= 100, nameof(ReferenceSnrDb), ReferenceSnrDb, "a number of dB in [-50, 100]");
        SettingChecks.Require(NearestM > 0 && NearestM <= 1e6, nameof(NearestM), NearestM, "a distance in (0, 1e6] m");
        SettingChecks.Require(FarthestM >= NearestM && FarthestM <= 1e6, nameof(FarthestM), FarthestM, string.Create(CultureInfo.InvariantCulture, $"a distance in [{NearestM:G}, 1e6] m (not nearer than the nearest)"));
        return this;
    }
}
