using System.Collections.Immutable;

namespace Ddlo.Core.Lyapunov;

/// <summary>
/// LyDROO's system settings (defaults are the authors'): the critic's constants, the penalty weight V, nu (how fast the
/// virtual energy queue grows per J spent over budget) and the per-frame energy budget (J), the weights, and the
/// channel: devices evenly spaced from the nearest to the farthest distance, path-loss mean A_d (c / (4 pi f_c d))^d_e,
/// Rician with a line-of-sight share.
/// </summary>
public sealed record LyapunovSettings(
    LyapunovParameters Parameters,
    ImmutableArray<double> Weights,
    double V = 20,
    double Nu = 1000,
    double EnergyBudget = 0.08,
    double AntennaGain = 3,
    double CarrierHz = 915e6,
    double PathLossExponent = 3,
    double NearestM = 120,
    double FarthestM = 255,
    double LineOfSight = 0.3)
{
    /// <summary>The authors' system for <paramref name="devices"/> devices (weights 1.5 for even devices, 1 for odd).</summary>
    public static LyapunovSettings Paper(int devices) =>
        new(LyapunovParameters.Paper, [.. Enumerable.Range(0, devices).Select(i => i % 2 == 0 ? 1.5 : 1.0)]);

    /// <summary>Device <paramref name="device"/>'s path-loss mean gain.</summary>
    public double MeanGain(int device)
    {
        int n = Weights.Length;
        double distance = n == 1 ? NearestM : NearestM + ((FarthestM - NearestM) * device / (n - 1));
        return AntennaGain * Math.Pow(3e8 / (4 * Math.PI * CarrierHz * distance), PathLossExponent);
    }
}
