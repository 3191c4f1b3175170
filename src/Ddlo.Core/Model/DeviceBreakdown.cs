namespace Ddlo.Core.Model;

/// <summary>One device's share of the system utility Q.</summary>
/// <param name="Device">Device index n.</param>
/// <param name="Energy">Energy of its tasks (E_c for offloaded, E_l for local), J.</param>
/// <param name="LocalTime">L: time of its local tasks, s.</param>
/// <param name="UploadTime">D / c: time to upload its offloaded tasks, s (0 when nothing is offloaded).</param>
/// <param name="EdgeTime">S: edge time of its offloaded tasks, s.</param>
/// <param name="Delay">max(L, D / c + S), s.</param>
/// <param name="Bandwidth">c: its uplink bandwidth, MB/s.</param>
/// <param name="Cost">Energy + beta * Delay, J: its term of Q.</param>
public sealed record DeviceBreakdown(
    int Device,
    double Energy,
    double LocalTime,
    double UploadTime,
    double EdgeTime,
    double Delay,
    double Bandwidth,
    double Cost);
