namespace Ddlo.Core.Lyapunov;

/// <summary>
/// LyDROO's per-frame system (Bi, Huang, Wang and Zhang, IEEE TWC 2021; design.md, "LyDROO"), in the authors' units:
/// data in Mbit, CPU frequency in MHz, bandwidth in MHz, time in frames of 1 s. Defaults are theirs.
/// </summary>
/// <param name="CyclesPerBit">phi, CPU cycles per bit.</param>
/// <param name="EnergyCoefficient">k, the computation energy coefficient (J per cycle per Hz^2).</param>
/// <param name="MaxFrequencyMHz">f_max, the largest local CPU frequency, MHz.</param>
/// <param name="MaxPowerW">P_max, the largest transmit power, W.</param>
/// <param name="BandwidthMHz">W, the uplink bandwidth shared by time division, MHz.</param>
/// <param name="Overhead">v_u, the communication overhead.</param>
/// <param name="NoiseDbmPerHz">The receiver noise density, dBm/Hz (over W).</param>
/// <param name="ChannelFactor">What channel gains are multiplied by before use (the authors' 1e10, against precision loss).</param>
/// <param name="EnergyQueueFactor">Y enters the critic multiplied by this (the authors' 10).</param>
public sealed record LyapunovParameters(
    double CyclesPerBit = 100,
    double EnergyCoefficient = 1e-26,
    double MaxFrequencyMHz = 300,
    double MaxPowerW = 0.1,
    double BandwidthMHz = 2,
    double Overhead = 1.1,
    double NoiseDbmPerHz = -174,
    double ChannelFactor = 1e10,
    double EnergyQueueFactor = 10)
{
    /// <summary>The published system.</summary>
    public static LyapunovParameters Paper { get; } = new();

    /// <summary>k with the frequency in MHz: k * (1e6)^3.</summary>
    public double EnergyCoefficientMHz => EnergyCoefficient * 1e18;

    /// <summary>N0 over the band, in the scaled channel units (W times the channel factor).</summary>
    public double Noise => BandwidthMHz * 1e6 * Math.Pow(10, NoiseDbmPerHz / 10) * 1e-3 * ChannelFactor;
}
