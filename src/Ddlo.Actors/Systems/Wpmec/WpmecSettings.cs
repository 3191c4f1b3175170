using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Core.Wpmec;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems.Wpmec;

/// <summary>DROO's wireless-powered MEC system (<c>ddlo.wpmec</c>), read when <c>ddlo.system.model = wpmec</c>.</summary>
/// <param name="Parameters">P, mu, phi, k, N0, B and v_u.</param>
/// <param name="Weights">w_i, one per device.</param>
/// <param name="Channel">How generated frames draw each device's channel gain.</param>
/// <param name="InputFactor">The networks see h times this (DROO: 1e6).</param>
public sealed record WpmecSettings(WpmecParameters Parameters, ImmutableArray<double> Weights, WpmecChannel Channel, double InputFactor)
    : IConfiguredSystem
{
    internal const string At = "ddlo.wpmec.";

    /// <summary>The <c>weights</c> value that means the authors' default: 1 for even devices, 1.5 for odd ones.</summary>
    public const string AlternatingWeights = "alternating";

    /// <summary>Each device reports one channel gain and makes one decision.</summary>
    public int TasksPerDevice => 1;

    public WpmecModel CreateModel() => new(Parameters, Weights);

    ISystemModel IConfiguredSystem.CreateModel() => CreateModel();

    /// <summary>Channel gains times the input factor (DROO's h * 1e6).</summary>
    public InputNormalizer CreateNormalizer(DdloSettings settings) => InputNormalizer.Times(InputFactor);

    /// <summary>Faded channel gains of the device's distance.</summary>
    public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new WpmecChannelSource(Channel, device, settings.System.Devices, stream);
    }

    public void Validate(DdloSettings settings, Func<string, string> sourceOf) => ModeSearchSystems.Validate(settings, sourceOf);

    public string Describe(int devices) =>
        string.Create(CultureInfo.InvariantCulture, $"WPMEC, N={devices}, P={Parameters.ApPowerW:0.###} W, B={Parameters.BandwidthHz / 1e6:0.###} MHz");

    public ISlotSolver CreateSolver() => new WpmecSolver(CreateModel());

    /// <summary>The constants, weights and input factor.</summary>
    public ModelManifest DescribeModelFile(ModelManifest manifest) => manifest with { Wpmec = new WpmecManifest(Parameters, Weights, InputFactor) };

    internal static WpmecSettings Read(ConfigReader config, int devices)
    {
        const string at = At;
        const string weightsKey = at + "weights";
        var value = config.Config.GetValue(weightsKey);
        if (value is not null && value.IsString() && value.GetString() != AlternatingWeights)
        {
            throw config.Error(weightsKey, $"expected \"{AlternatingWeights}\" or a list of {devices} weights such as [1, 1.5, ...], got '{value.GetString()}'.");
        }

        var weights = value is not null && value.IsString()
            ? [.. WpmecParameters.DefaultWeights(devices)]
            : config.ConstantList(weightsKey, 0);
        if (weights.Length != devices)
        {
            throw config.Error(weightsKey, $"expected one weight per device: {devices} (ddlo.system.devices), got {weights.Length}; \"{AlternatingWeights}\" gives the authors' default (1 for even devices, 1.5 for odd).");
        }

        if (weights.All(w => w == 0))
        {
            throw config.Error(weightsKey, "every weight is 0, so every decision is worth nothing and none can be preferred; give at least one device a weight > 0.");
        }

        double overhead = config.Constant(at + "overhead", 1);
        double nearest = config.Constant(at + "channel.nearest-m", 0, minExclusive: true);
        double farthest = config.Constant(at + "channel.farthest-m", 0, minExclusive: true);
        if (farthest < nearest)
        {
            throw config.Error(config.OutOfOrder(at + "channel.nearest-m", at + "channel.farthest-m"), $"the farthest device ({farthest} m) must not be nearer than the nearest ({nearest} m, channel.nearest-m).");
        }

        return new WpmecSettings(
            new WpmecParameters(
                config.Constant(at + "ap-power-w", 0, minExclusive: true),
                config.Constant(at + "harvesting-efficiency", 0, minExclusive: true),
                config.Constant(at + "cycles-per-bit", 0, minExclusive: true),
                config.Constant(at + "energy-coefficient", 0, minExclusive: true),
                config.Constant(at + "noise-w", 0, minExclusive: true),
                config.Constant(at + "bandwidth-hz", 0, minExclusive: true),
                overhead),
            weights,
            new WpmecChannel(
                config.Constant(at + "channel.antenna-gain", 0, minExclusive: true),
                config.Constant(at + "channel.carrier-hz", 0, minExclusive: true),
                config.Constant(at + "channel.path-loss-exponent", 0, minExclusive: true),
                nearest,
                farthest),
            config.Constant(at + "input-factor", 0, minExclusive: true));
    }
}
