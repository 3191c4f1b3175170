using Ddlo.Core.Model;

namespace Ddlo.Actors.Configuration;

/// <summary>The MEC system of <c>ddlo.system</c>: its shape, its constants and the bandwidth policy.</summary>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M.</param>
/// <param name="UplinkMbps">C in Mbit/s, as written in the scenario.</param>
/// <param name="BandwidthPolicy">How C is split for a fixed decision.</param>
/// <param name="Parameters">The model's constants (C converted to MB/s).</param>
public sealed record SystemSettings(
    int Devices,
    int TasksPerDevice,
    double UplinkMbps,
    BandwidthPolicy BandwidthPolicy,
    MecParameters Parameters)
{
    private static readonly Dictionary<string, BandwidthPolicy> Policies = new(StringComparer.Ordinal)
    {
        ["optimal"] = BandwidthPolicy.Optimal,
        ["equal"] = BandwidthPolicy.Equal,
    };

    /// <summary>N*M: the number of binary decisions per slot.</summary>
    public int TaskCount => Devices * TasksPerDevice;

    public MecModel CreateModel() => new(Parameters, BandwidthPolicy);

    internal static SystemSettings Read(ConfigReader config)
    {
        const string at = "ddlo.system.";
        double uplink = config.Double(at + "uplink-mbps", 0, minExclusive: true);
        return new SystemSettings(
            config.Int(at + "devices", 1),
            config.Int(at + "tasks-per-device", 1, 30),
            uplink,
            config.Choice(at + "bandwidth-policy", Policies),
            new MecParameters
            {
                UplinkMBps = MecParameters.MbpsToMBps(uplink),
                Alpha = config.Double(at + "alpha", 0),
                Beta = config.Double(at + "beta", 0),
                LocalEnergyPerBit = config.Double(at + "local-energy-per-bit", 0),
                LocalTimePerBit = config.Double(at + "local-time-per-bit", 0, minExclusive: true),
                TransmitEnergyPerBit = config.Double(at + "transmit-energy-per-bit", 0),
                EdgeCyclesPerBit = config.Double(at + "edge-cycles-per-bit", 0),
                EdgeClockHz = config.Double(at + "edge-clock-hz", 0, minExclusive: true),
            });
    }
}
