namespace Ddlo.Core.Model;

/// <summary>
/// The physical constants of the MEC system (design.md §1). Sizes are in MB (2^20 bytes),
/// per-bit constants in J/bit or s/bit, bandwidth in MB/s.
/// </summary>
public sealed record MecParameters
{
    /// <summary>Bits in one MB of task data (1 MB = 2^20 bytes).</summary>
    public const double BitsPerMb = 8.0 * 1024 * 1024;

    /// <summary>Local computing energy per bit, J/bit.</summary>
    public double LocalEnergyPerBit { get; init; } = 3.25e-7;

    /// <summary>Local computing time per bit, s/bit.</summary>
    public double LocalTimePerBit { get; init; } = 4.75e-7;

    /// <summary>Transmission energy per offloaded bit, J/bit.</summary>
    public double TransmitEnergyPerBit { get; init; } = 1.42e-7;

    /// <summary>Weight of the edge server's energy per offloaded bit (alpha), J/bit.</summary>
    public double Alpha { get; init; } = 1.5e-7;

    /// <summary>Weight of the delay (beta), J/s.</summary>
    public double Beta { get; init; } = 1.0;

    /// <summary>Total uplink bandwidth C, MB/s (150 Mbit/s = 18.75 MB/s).</summary>
    public double UplinkMBps { get; init; } = 150.0 / 8.0;

    /// <summary>Edge CPU cycles needed per offloaded bit.</summary>
    public double EdgeCyclesPerBit { get; init; } = 1900;

    /// <summary>Edge CPU clock, Hz.</summary>
    public double EdgeClockHz { get; init; } = 10e9;

    /// <summary>The paper's table: 150 Mbit/s and the published constants.</summary>
    public static MecParameters Paper { get; } = new();

    /// <summary>Converts a link rate in Mbit/s to MB/s, the unit the model works in.</summary>
    public static double MbpsToMBps(double mbps) => mbps / 8.0;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid constant.</summary>
    public MecParameters Validate()
    {
        RequireNonNegative(LocalEnergyPerBit, nameof(LocalEnergyPerBit));
        RequirePositive(LocalTimePerBit, nameof(LocalTimePerBit));
        RequireNonNegative(TransmitEnergyPerBit, nameof(TransmitEnergyPerBit));
        RequireNonNegative(Alpha, nameof(Alpha));
        RequireNonNegative(Beta, nameof(Beta));
        RequirePositive(UplinkMBps, nameof(UplinkMBps));
        RequireNonNegative(EdgeCyclesPerBit, nameof(EdgeCyclesPerBit));
        RequirePositive(EdgeClockHz, nameof(EdgeClockHz));
        return this;
    }

    private static void RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException($"{name} must be a finite number > 0, got {value}.");
        }
    }

    private static void RequireNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{name} must be a finite number >= 0, got {value}.");
        }
    }
}
