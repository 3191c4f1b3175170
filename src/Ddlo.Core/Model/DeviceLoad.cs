namespace Ddlo.Core.Model;

/// <summary>
/// What one device's decision amounts to: its energy, the time its local tasks take (L),
/// the MB it uploads (D) and the edge time of its offloaded tasks (S). Over a channel of rate scale s, D is the
/// upload's size at the reference rate, D / s (see <see cref="MecModel"/>): the split and every solver need no more.
/// </summary>
/// <param name="Energy">Energy of all its tasks, local and offloaded, J.</param>
/// <param name="LocalTime">L: time to run its local tasks, s.</param>
/// <param name="OffloadedMb">D: MB to upload (D / s over a channel of rate scale s).</param>
/// <param name="EdgeTime">S: edge processing time of its offloaded tasks, s.</param>
public readonly record struct DeviceLoad(double Energy, double LocalTime, double OffloadedMb, double EdgeTime)
{
    /// <summary>
    /// Bandwidth beyond which more uplink no longer shortens the delay (c0 = D / (L - S) when L > S),
    /// +infinity when the offloaded path always dominates, 0 when nothing is offloaded.
    /// </summary>
    public double SaturationBandwidth =>
        OffloadedMb <= 0 ? 0 : LocalTime > EdgeTime ? OffloadedMb / (LocalTime - EdgeTime) : double.PositiveInfinity;

    /// <summary>delay = max(L, D / c + S), the offloaded term only when something is offloaded.</summary>
    public double Delay(double bandwidth) =>
        OffloadedMb > 0 ? Math.Max(LocalTime, (OffloadedMb / bandwidth) + EdgeTime) : LocalTime;
}
