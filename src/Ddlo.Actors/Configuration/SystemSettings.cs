using System.Globalization;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Wpmec;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// The MEC system of <c>ddlo.system</c>: which model, its shape, its constants and the bandwidth policy (MUMT), or the
/// <c>ddlo.wpmec</c> block (WPMEC).
/// </summary>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M (1 for WPMEC: each device reports one channel gain and makes one decision).</param>
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

    private static readonly Dictionary<string, string> Models = new(StringComparer.Ordinal)
    {
        [MecModel.ModelName] = MecModel.ModelName,
        [WpmecModel.ModelName] = WpmecModel.ModelName,
    };

    /// <summary>Keys that configure the MUMT model only: a WPMEC scenario that changes one is refused rather than ignored.</summary>
    private static readonly string[] MumtKeys =
    [
        "ddlo.system.uplink-mbps", "ddlo.system.bandwidth-policy", "ddlo.system.alpha", "ddlo.system.beta",
        "ddlo.system.local-energy-per-bit", "ddlo.system.local-time-per-bit", "ddlo.system.transmit-energy-per-bit",
        "ddlo.system.edge-cycles-per-bit", "ddlo.system.edge-clock-hz", "ddlo.workload.min-mb", "ddlo.workload.max-mb",
        "ddlo.learning.input-scale",
    ];

    /// <summary>The system model's name (<c>ddlo.system.model</c>): mumt | wpmec.</summary>
    public string Model { get; init; } = MecModel.ModelName;

    /// <summary>The WPMEC system, when <see cref="Model"/> is wpmec.</summary>
    public WpmecSettings? Wpmec { get; init; }

    public bool IsWpmec => Model == WpmecModel.ModelName;

    /// <summary>N*M: the number of binary decisions per slot.</summary>
    public int TaskCount => Devices * TasksPerDevice;

    /// <summary>The system model the actors price decisions with.</summary>
    public ISystemModel CreateSystemModel() => IsWpmec ? Wpmec!.CreateModel() : CreateMumtModel();

    /// <summary>The MUMT model, for what exists for it alone (the P2 split, the dual decomposition, device search).</summary>
    public MecModel CreateMumtModel() => IsWpmec
        ? throw new InvalidOperationException("This scenario models WPMEC (ddlo.system.model = wpmec), which has no bandwidth split.")
        : new(Parameters, BandwidthPolicy);

    internal static SystemSettings Read(ConfigReader config)
    {
        const string at = "ddlo.system.";
        string model = config.Choice(at + "model", Models);
        int devices = config.Int(at + "devices", 1);
        if (model == WpmecModel.ModelName)
        {
            return ReadWpmec(config, devices);
        }

        CheckUnchanged(config, model, WpmecKeys(config));
        double uplink = config.Double(at + "uplink-mbps", 0, minExclusive: true);
        return new SystemSettings(
            devices,
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

    private static SystemSettings ReadWpmec(ConfigReader config, int devices)
    {
        const string tasksKey = "ddlo.system.tasks-per-device";
        CheckUnchanged(config, WpmecModel.ModelName, MumtKeys);
        int tasks = config.Int(tasksKey, 1, 30);
        if (tasks != 1 && config.Config.GetValue(tasksKey).ToString() != Scenario.ReferenceConfig.GetValue(tasksKey).ToString())
        {
            throw config.Error(tasksKey, $"a WPMEC device makes one decision per frame (compute locally or offload), so M is 1, got {tasks}; leave it out.");
        }

        var reference = MumtDefaults.Value;
        return new SystemSettings(devices, 1, reference.UplinkMbps, reference.BandwidthPolicy, reference.Parameters)
        {
            Model = WpmecModel.ModelName,
            Wpmec = WpmecSettings.Read(config, devices),
        };
    }

    /// <summary>The MUMT block of reference.conf, which a WPMEC run carries unused.</summary>
    private static readonly Lazy<SystemSettings> MumtDefaults = new(() =>
        Read(new ConfigReader(Scenario.ReferenceConfig, _ => Scenario.ReferenceSource)));

    private static IEnumerable<string> WpmecKeys(ConfigReader config) =>
        Scenario.KnownKeys.Where(key => key.StartsWith(WpmecSettings.At, StringComparison.Ordinal));

    /// <summary>Refuses a key of the other model whose value differs from reference.conf's.</summary>
    private static void CheckUnchanged(ConfigReader config, string model, IEnumerable<string> otherKeys)
    {
        foreach (string key in otherKeys)
        {
            if (!SameValue(config.Config.GetValue(key), Scenario.ReferenceConfig.GetValue(key)))
            {
                string owner = model == WpmecModel.ModelName ? MecModel.ModelName : WpmecModel.ModelName;
                throw config.Error(key, string.Create(CultureInfo.InvariantCulture,
                    $"this key configures the {owner} model, but ddlo.system.model = {model}; remove it, or set ddlo.system.model = {owner}."));
            }
        }
    }

    /// <summary>Whether two HOCON values say the same, however they are written (1e-26 or 1.0E-26; [] or [ ]).</summary>
    private static bool SameValue(Akka.Configuration.Hocon.HoconValue? value, Akka.Configuration.Hocon.HoconValue? reference)
    {
        if (value is null || reference is null)
        {
            return value is null && reference is null;
        }

        if (value.IsString() && reference.IsString())
        {
            return Scalar(value) == Scalar(reference);
        }

        // Lists (an empty one included), element by element.
        try
        {
            return value.GetArray().Select(Scalar).SequenceEqual(reference.GetArray().Select(Scalar), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is Akka.Configuration.ConfigurationException or InvalidOperationException or NullReferenceException)
        {
            return string.Concat(value.ToString().Where(c => !char.IsWhiteSpace(c))) == string.Concat(reference.ToString().Where(c => !char.IsWhiteSpace(c)));
        }
    }

    /// <summary>A scalar as a canonical string: a number as its double's round-trip form.</summary>
    private static string Scalar(Akka.Configuration.Hocon.HoconValue value)
    {
        string text = value.GetString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? number.ToString("R", CultureInfo.InvariantCulture)
            : text;
    }
}
