using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems.Lydroo;

/// <summary>LyDROO's online system (<c>ddlo.lydroo</c> and <c>ddlo.arrivals</c>), read when <c>ddlo.system.model = lydroo</c>.</summary>
/// <param name="System">The critic's constants, V, nu, the energy budget, the weights and the channel.</param>
/// <param name="InputFactor">The networks see h times this (the authors' 1e10).</param>
/// <param name="QueueInputFactor">The networks see Q and Y times this (the authors' 1e-4).</param>
/// <param name="Arrivals">The data arriving at each device each frame.</param>
public sealed record LydrooSettings(LyapunovSettings System, double InputFactor, double QueueInputFactor, ArrivalSettings Arrivals)
    : IConfiguredSystem, IQueueingSystem
{
    internal const string At = "ddlo.lydroo.";

    /// <summary>The <c>weights</c> value that means the authors' default: 1.5 for even devices, 1 for odd ones.</summary>
    public const string AlternatingWeights = "alternating";

    /// <summary>Each device reports one channel gain and makes one decision.</summary>
    public int TasksPerDevice => 1;

    public double EnergyBudgetJ => System.EnergyBudget;

    public LydrooModel CreateModel() => new(System);

    ISystemModel IConfiguredSystem.CreateModel() => CreateModel();

    /// <summary>The networks see each device's data queue and energy queue beside its channel gain.</summary>
    public int ContextInputs(int devices) => 2 * devices;

    /// <summary>Gains times the input factor, queues times the queue input factor (the authors' h * 1e10, Q / 1e4, Y / 1e4).</summary>
    public InputNormalizer CreateNormalizer(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return InputNormalizer.Times(InputFactor).WithContext(settings.System.TaskCount, settings.System.ContextInputs, QueueInputFactor);
    }

    /// <summary>Rician channel gains around the device's path-loss mean.</summary>
    public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings) => new RicianChannelSource(System, device, stream);

    /// <summary>Device <paramref name="device"/>'s queues, with its own arrival stream.</summary>
    public DeviceQueues CreateQueues(int device, int runSeed) =>
        new(Arrivals.Create(device, runSeed), System.Nu, System.EnergyBudget);

    public void Validate(DdloSettings settings, Func<string, string> sourceOf) => ModeSearchSystems.Validate(settings, sourceOf);

    public string Describe(int devices) =>
        string.Create(CultureInfo.InvariantCulture, $"LyDROO, N={devices}, V={System.V:0.###}, budget {System.EnergyBudget:0.###} J, {Arrivals.Process} arrivals");

    internal static LydrooSettings Read(ConfigReader config, int devices)
    {
        const string at = At;
        const string weightsKey = at + "weights";
        var value = config.Config.GetValue(weightsKey);
        if (value is not null && value.IsString() && value.GetString() != AlternatingWeights)
        {
            throw config.Error(weightsKey, $"expected \"{AlternatingWeights}\" or a list of {devices} weights such as [1.5, 1, ...], got '{value.GetString()}'.");
        }

        var paper = LyapunovSettings.Paper(devices);
        var weights = value is not null && value.IsString() ? paper.Weights : config.ConstantList(weightsKey, 0);
        if (weights.Length != devices)
        {
            throw config.Error(weightsKey, $"expected one weight per device: {devices} (ddlo.system.devices), got {weights.Length}; \"{AlternatingWeights}\" gives the authors' default (1.5 for even devices, 1 for odd).");
        }

        if (weights.All(w => w == 0))
        {
            throw config.Error(weightsKey, "every weight is 0, so every decision is worth nothing and none can be preferred; give at least one device a weight > 0.");
        }

        double nearest = config.Constant(at + "channel.nearest-m", 0, minExclusive: true);
        double farthest = config.Constant(at + "channel.farthest-m", 0, minExclusive: true);
        if (farthest < nearest)
        {
            throw config.Error(config.OutOfOrder(at + "channel.nearest-m", at + "channel.farthest-m"), $"the farthest device ({farthest} m, channel.farthest-m) must not be nearer than the nearest ({nearest} m, channel.nearest-m).");
        }

        double lineOfSight = config.Constant(at + "channel.line-of-sight", 0);
        if (lineOfSight > 1)
        {
            throw config.Error(at + "channel.line-of-sight", $"the share of the mean gain in the direct path must be in [0, 1], got {lineOfSight}.");
        }

        var parameters = new LyapunovParameters(
            CyclesPerBit: config.Constant(at + "cycles-per-bit", 0, minExclusive: true),
            EnergyCoefficient: config.Constant(at + "energy-coefficient", 0, minExclusive: true),
            MaxFrequencyMHz: config.Constant(at + "max-frequency-mhz", 0, minExclusive: true),
            MaxPowerW: config.Constant(at + "max-power-w", 0, minExclusive: true),
            BandwidthMHz: config.Constant(at + "bandwidth-mhz", 0, minExclusive: true),
            Overhead: config.Constant(at + "overhead", 1),
            NoiseDbmPerHz: config.Constant(at + "noise-dbm-per-hz", double.MinValue));
        var system = new LyapunovSettings(
            parameters,
            weights,
            V: config.Constant(at + "v", 0),
            Nu: config.Constant(at + "nu", 0, minExclusive: true),
            EnergyBudget: config.Constant(at + "energy-budget-j", 0),
            AntennaGain: config.Constant(at + "channel.antenna-gain", 0, minExclusive: true),
            CarrierHz: config.Constant(at + "channel.carrier-hz", 0, minExclusive: true),
            PathLossExponent: config.Constant(at + "channel.path-loss-exponent", 0, minExclusive: true),
            NearestM: nearest,
            FarthestM: farthest,
            LineOfSight: lineOfSight);
        return new LydrooSettings(
            system,
            config.Constant(at + "input-factor", 0, minExclusive: true),
            config.Constant(at + "queue-input-factor", 0, minExclusive: true),
            ArrivalSettings.Read(config, devices));
    }
}
