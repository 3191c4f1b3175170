using Ddlo.Core.Mobility;

namespace Ddlo.Core.Cells;

/// <summary>One cell of the map: an edge server at <paramref name="Position"/> with its own coverage, uplink and CPU.</summary>
/// <param name="Index">The cell's number, 0 up, in the order the topology lists them.</param>
/// <param name="Position">Where its edge server stands, m.</param>
/// <param name="RadiusM">How far from it a device may associate, m.</param>
/// <param name="UplinkMbps">C of this cell: the uplink its devices share, Mbit/s.</param>
/// <param name="EdgeClockHz">Its edge server's CPU clock, Hz.</param>
/// <param name="GainDb">
/// What this cell adds to every device's mean SNR, dB (a macro cell's antenna over a small cell's): it moves the
/// strongest-signal association and scales the rate of the devices it serves. 0: the channel's reference.
/// </param>
public sealed record CellSite(int Index, Position Position, double RadiusM, double UplinkMbps, double EdgeClockHz, double GainDb = 0)
{
    /// <summary>The cell's gain as a power ratio, which multiplies a device's fading power.</summary>
    public double Gain => Math.Pow(10, GainDb / 10);

    /// <summary>Whether a device at <paramref name="position"/> is within the cell's radius.</summary>
    public bool Covers(Position position) => position.DistanceTo(Position) <= RadiusM;
}
