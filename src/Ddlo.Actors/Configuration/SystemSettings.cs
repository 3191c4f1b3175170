using System.Globalization;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Wpmec;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// The MEC system of <c>ddlo.system</c>: which model, its shape, its constants and the bandwidth policy (MUMT), the
/// <c>ddlo.wpmec</c> block (WPMEC), or the <c>ddlo.lydroo</c> and <c>ddlo.arrivals</c> blocks (LyDROO).
/// </summary>
/// <param name="Devices">N.</param>
/// <param name="TasksPerDevice">M (1 for WPMEC and LyDROO: each device reports one channel gain and makes one decision).</param>
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
        [LydrooModel.ModelName] = LydrooModel.ModelName,
    };

    /// <summary>Keys that configure the MUMT model only: a WPMEC or LyDROO scenario that changes one is refused rather than ignored.</summary>
    private static readonly string[] MumtKeys =
    [
        "ddlo.system.uplink-mbps", "ddlo.system.bandwidth-policy", "ddlo.system.alpha", "ddlo.system.beta",
        "ddlo.system.local-energy-per-bit", "ddlo.system.local-time-per-bit", "ddlo.system.transmit-energy-per-bit",
        "ddlo.system.edge-cycles-per-bit", "ddlo.system.edge-clock-hz", "ddlo.workload.min-mb", "ddlo.workload.max-mb",
        "ddlo.learning.input-scale",
    ];

    /// <summary>The system model's name (<c>ddlo.system.model</c>): mumt | wpmec | lydroo.</summary>
    public string Model { get; init; } = MecModel.ModelName;

    /// <summary>The WPMEC system, when <see cref="Model"/> is wpmec.</summary>
    public WpmecSettings? Wpmec { get; init; }

    /// <summary>The LyDROO system, when <see cref="Model"/> is lydroo.</summary>
    public LydrooSettings? Lydroo { get; init; }

    public bool IsWpmec => Model == WpmecModel.ModelName;

    public bool IsLydroo => Model == LydrooModel.ModelName;

    /// <summary>How messages name a model: MUMT, WPMEC, LyDROO.</summary>
    public static string DisplayName(string model) => model switch
    {
        WpmecModel.ModelName => "WPMEC",
        LydrooModel.ModelName => "LyDROO",
        _ => "MUMT",
    };

    /// <summary>MUMT, DDLO's own system (task sizes over a shared uplink).</summary>
    public bool IsMumt => Model == MecModel.ModelName;

    /// <summary>N*M: the number of binary decisions per slot.</summary>
    public int TaskCount => Devices * TasksPerDevice;

    /// <summary>Context values a slot's networks see beside the reports: LyDROO's N data queues and N energy queues.</summary>
    public int ContextInputs => IsLydroo ? 2 * Devices : 0;

    /// <summary>The system model the actors price decisions with.</summary>
    public ISystemModel CreateSystemModel() =>
        IsWpmec ? Wpmec!.CreateModel() : IsLydroo ? Lydroo!.CreateModel() : CreateMumtModel();

    /// <summary>The MUMT model, for what exists for it alone (the P2 split, the dual decomposition, device search).</summary>
    public MecModel CreateMumtModel() => !IsMumt
        ? throw new InvalidOperationException($"This scenario models {Model} (ddlo.system.model = {Model}), which has no bandwidth split.")
        : new(Parameters, BandwidthPolicy);

    internal static SystemSettings Read(ConfigReader config)
    {
        const string at = "ddlo.system.";
        string model = config.Choice(at + "model", Models);
        int devices = config.Int(at + "devices", 1);
        foreach (string other in Models.Keys.Where(other => other != model))
        {
            CheckUnchanged(config, model, other);
        }

        if (model != MecModel.ModelName)
        {
            return ReadSingleDecision(config, devices, model);
        }

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

    /// <summary>WPMEC or LyDROO: each device makes one decision per frame, and the model's own block configures it.</summary>
    private static SystemSettings ReadSingleDecision(ConfigReader config, int devices, string model)
    {
        const string tasksKey = "ddlo.system.tasks-per-device";
        int tasks = config.Int(tasksKey, 1, 30);
        if (tasks != 1 && config.Config.GetValue(tasksKey).ToString() != Scenario.ReferenceConfig.GetValue(tasksKey).ToString())
        {
            throw config.Error(tasksKey, $"a {DisplayName(model)} device makes one decision per frame (compute locally or offload), so M is 1, got {tasks}; leave it out.");
        }

        var reference = MumtDefaults.Value;
        return new SystemSettings(devices, 1, reference.UplinkMbps, reference.BandwidthPolicy, reference.Parameters)
        {
            Model = model,
            Wpmec = model == WpmecModel.ModelName ? WpmecSettings.Read(config, devices) : null,
            Lydroo = model == LydrooModel.ModelName ? LydrooSettings.Read(config, devices) : null,
        };
    }

    /// <summary>The MUMT block of reference.conf, which a WPMEC or LyDROO run carries unused.</summary>
    private static readonly Lazy<SystemSettings> MumtDefaults = new(() =>
        Read(new ConfigReader(Scenario.ReferenceConfig, _ => Scenario.ReferenceSource)));

    /// <summary>The keys that configure <paramref name="model"/> alone.</summary>
    private static IEnumerable<string> KeysOf(string model) => model switch
    {
        WpmecModel.ModelName => Scenario.KnownKeys.Where(key => key.StartsWith(WpmecSettings.At, StringComparison.Ordinal)),
        LydrooModel.ModelName => Scenario.KnownKeys.Where(key =>
            key.StartsWith(LydrooSettings.At, StringComparison.Ordinal) || key.StartsWith(ArrivalSettings.At, StringComparison.Ordinal)),
        _ => MumtKeys,
    };

    /// <summary>Refuses a key of the model <paramref name="owner"/> (not this scenario's) whose value differs from reference.conf's.</summary>
    private static void CheckUnchanged(ConfigReader config, string model, string owner)
    {
        foreach (string key in KeysOf(owner))
        {
            if (!SameValue(config.Config.GetValue(key), Scenario.ReferenceConfig.GetValue(key)))
            {
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
