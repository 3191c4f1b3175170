namespace Ddlo.Core.Wpmec;

/// <summary>
/// The wireless-powered MEC system of DROO (Huang, Bi and Zhang, IEEE TMC 2020): an access point broadcasts RF
/// energy for a fraction a of each frame, then each device computes locally for the whole frame or offloads in its own
/// time slot tau. Defaults are the paper's (and its published data set's).
/// </summary>
/// <param name="ApPowerW">P, the access point's transmit power, W.</param>
/// <param name="HarvestingEfficiency">mu, the energy harvesting efficiency.</param>
/// <param name="CyclesPerBit">phi, CPU cycles a device needs per bit.</param>
/// <param name="EnergyCoefficient">k, the devices' computation energy efficiency coefficient.</param>
/// <param name="NoiseW">N0, the receiver noise power, W.</param>
/// <param name="BandwidthHz">B, the uplink bandwidth, Hz.</param>
/// <param name="Overhead">v_u, the communication overhead factor (> 1).</param>
public sealed record WpmecParameters(
    double ApPowerW = 3,
    double HarvestingEfficiency = 0.7,
    double CyclesPerBit = 100,
    double EnergyCoefficient = 1e-26,
    double NoiseW = 1e-10,
    double BandwidthHz = 2e6,
    double Overhead = 1.1)
{
    /// <summary>The published system.</summary>
    public static WpmecParameters Paper { get; } = new();

    /// <summary>eta1 = (mu P)^(1/3) / phi: a local device's rate per unit of (h / k)^(1/3) a^(1/3).</summary>
    public double Eta1 => Math.Cbrt(HarvestingEfficiency * ApPowerW) / CyclesPerBit;

    /// <summary>eta2 = mu P / N0: an offloader's SNR per unit of h^2 a / tau.</summary>
    public double Eta2 => HarvestingEfficiency * ApPowerW / NoiseW;

    /// <summary>epsilon = B / (v_u ln 2): an offloader's rate per unit of tau ln(1 + SNR).</summary>
    public double Epsilon => BandwidthHz / (Overhead * Math.Log(2));

    /// <summary>The authors' default weights: 1 for even device indices, 1.5 for odd ones.</summary>
    public static double[] DefaultWeights(int devices) => [.. Enumerable.Range(0, devices).Select(i => i % 2 == 1 ? 1.5 : 1.0)];
}
