using System.Globalization;

namespace Ddlo.Core.Model;

/// <summary>
/// What sets one MUMT device apart from the paper's, as it reports it in the workload's context: its uplink's rate
/// scale s (docs/many-cells.md §1), and its class's local time, local energy and transmit energy per bit as factors of
/// the system's. All 1 is the paper's device, and prices exactly as the paper's (a factor of 1 multiplies exactly).
/// </summary>
/// <remarks>
/// The context layout is fixed by its width: 0 values per device, none (the paper's); 1, the rate scale; 3, the class
/// factors; 4, the rate scale, then the class factors. Feature-major, as every context (<see cref="Workload.Context"/>).
/// </remarks>
/// <param name="RateScale">s: c MB/s of the uplink carry s c MB/s of the device's data.</param>
/// <param name="LocalTime">The device's local time per bit over the system's (a CPU half as fast: 2).</param>
/// <param name="LocalEnergy">The device's local energy per bit over the system's.</param>
/// <param name="TransmitEnergy">The device's transmit energy per bit over the system's.</param>
public readonly record struct DeviceTraits(double RateScale, double LocalTime, double LocalEnergy, double TransmitEnergy)
{
    /// <summary>Context values a device class adds: its three factors.</summary>
    public const int ClassFeatures = 3;

    /// <summary>The smallest value a rate scale or factor may take: below it, a time or energy would outgrow the model.</summary>
    public const double Min = 1e-9;

    /// <summary>The largest value a rate scale or factor may take.</summary>
    public const double Max = 1e9;

    /// <summary>The paper's device: every value 1.</summary>
    public static DeviceTraits Paper { get; } = new(1, 1, 1, 1);

    /// <summary>This device's class factors with the paper's rate.</summary>
    public DeviceTraits WithRate(double rateScale) => this with { RateScale = rateScale };

    /// <summary>The context values per device for a layout with or without the rate and the class factors.</summary>
    public static int Features(bool rate, bool classes) => (rate ? 1 : 0) + (classes ? ClassFeatures : 0);

    /// <summary>This device's context values for that layout, in order.</summary>
    public double[] Context(bool rate, bool classes) =>
        (rate, classes) switch
        {
            (false, false) => [],
            (true, false) => [RateScale],
            (false, true) => [LocalTime, LocalEnergy, TransmitEnergy],
            _ => [RateScale, LocalTime, LocalEnergy, TransmitEnergy],
        };

    /// <summary>Device <paramref name="device"/>'s traits as <paramref name="workload"/>'s context gives them.</summary>
    public static DeviceTraits Of(Workload workload, int device)
    {
        ArgumentNullException.ThrowIfNull(workload);
        double Feature(int f) => workload.ContextFeature(f)[device];
        return workload.ContextFeatures switch
        {
            0 => Paper,
            1 => new(Feature(0), 1, 1, 1),
            3 => new(1, Feature(0), Feature(1), Feature(2)),
            4 => new(Feature(0), Feature(1), Feature(2), Feature(3)),
            int other => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"An MUMT workload carries 0, 1 (a rate scale), 3 (class factors) or 4 context values per device, got {other}.")),
        };
    }

    /// <summary>The first value out of [<see cref="Min"/>, <see cref="Max"/>] as a phrase naming it, or null.</summary>
    public string? Problem() =>
        !InRange(RateScale) ? Phrase("rate scale", RateScale)
        : !InRange(LocalTime) ? Phrase("local time factor", LocalTime)
        : !InRange(LocalEnergy) ? Phrase("local energy factor", LocalEnergy)
        : !InRange(TransmitEnergy) ? Phrase("transmit energy factor", TransmitEnergy)
        : null;

    private static bool InRange(double value) => value is >= Min and <= Max;

    private static string Phrase(string what, double value) => string.Create(CultureInfo.InvariantCulture,
        $"{what} must be a number within [{Min:G3}, {Max:G3}] (1 is the paper's device), got {value:G}");
}
