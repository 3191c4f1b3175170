using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Channels;
using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems.Mumt;

/// <summary>
/// MUMT, DDLO's own system (<c>ddlo.system.model = mumt</c>): each device has M tasks to run locally or offload over a
/// shared uplink, and the cost Q, energy plus delay, is minimised (<see cref="MecModel"/>). Its keys are in mumt.conf.
/// </summary>
public sealed class MumtDefinition : ISystemDefinition
{
    private static readonly Lazy<string> Reference = new(() => SystemModels.ReadResource(typeof(MumtDefinition).Assembly, "Ddlo.Actors.Systems.mumt.conf"));

    private static readonly Dictionary<string, Fading> FadingModels = new(StringComparer.Ordinal)
    {
        ["none"] = Fading.None,
        ["rayleigh"] = Fading.Rayleigh,
        ["rician"] = Fading.Rician,
    };

    private static readonly Dictionary<string, BandwidthPolicy> Policies = new(StringComparer.Ordinal)
    {
        ["optimal"] = BandwidthPolicy.Optimal,
        ["equal"] = BandwidthPolicy.Equal,
    };

    public string Name => MecModel.ModelName;

    public string DisplayName => "MUMT";

    public string ReferenceConfig => Reference.Value;

    public SystemWords Words { get; } = new("mean Q (J)", "cost Q = energy + beta x delay (J)", "minimise cost Q (J)");

    public SystemAbilities Abilities => SystemAbilities.All;

    public IConfiguredSystem Read(ConfigReader config, int devices)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string at = "ddlo.system.";
        double uplink = config.Constant(at + "uplink-mbps", 0, minExclusive: true);
        return new MumtSettings(
            config.Int(at + "tasks-per-device", 1, 30),
            uplink,
            config.Choice(at + "bandwidth-policy", Policies),
            new MecParameters
            {
                UplinkMBps = MecParameters.MbpsToMBps(uplink),
                Alpha = config.Constant(at + "alpha", 0),
                Beta = config.Constant(at + "beta", 0),
                LocalEnergyPerBit = config.Constant(at + "local-energy-per-bit", 0),
                LocalTimePerBit = config.Constant(at + "local-time-per-bit", 0, minExclusive: true),
                TransmitEnergyPerBit = config.Constant(at + "transmit-energy-per-bit", 0),
                EdgeCyclesPerBit = config.Constant(at + "edge-cycles-per-bit", 0),
                EdgeClockHz = config.Constant(at + "edge-clock-hz", 0, minExclusive: true),
            })
        {
            Channel = ReadChannel(config),
        };
    }

    /// <summary>
    /// <c>ddlo.channel</c>, or null when it is off: every device at the paper's rate. Its keys are checked either way,
    /// so a mistake is named before the channel is turned on.
    /// </summary>
    private static ChannelSettings? ReadChannel(ConfigReader config)
    {
        const string at = "ddlo.channel.";
        bool enabled = config.Switch(at + "enabled");
        var channel = new ChannelSettings(
            config.Choice(at + "fading", FadingModels),
            config.Double(at + "rician-k", 0),
            config.Double(at + "path-loss-exponent", 0, minExclusive: true),
            config.Double(at + "reference-distance-m", 0, minExclusive: true),
            config.Double(at + "reference-snr-db", double.MinValue),
            config.Double(at + "nearest-m", 0, minExclusive: true),
            config.Double(at + "farthest-m", 0, minExclusive: true));
        try
        {
            channel.Validate();
            return enabled ? channel : null;
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                nameof(ChannelSettings.RicianK) => "rician-k",
                nameof(ChannelSettings.PathLossExponent) => "path-loss-exponent",
                nameof(ChannelSettings.ReferenceDistanceM) => "reference-distance-m",
                nameof(ChannelSettings.ReferenceSnrDb) => "reference-snr-db",
                nameof(ChannelSettings.NearestM) => "nearest-m",
                _ => config.OutOfOrder(at + "nearest-m", at + "farthest-m")[at.Length..],
            };
            throw config.Error(at + key, e.Message.Split(" (Parameter", 2)[0]);
        }
    }

    public DatasetLayout DatasetLayout(int devices, int tasksPerDevice) => MecModel.Dataset(devices, tasksPerDevice);

    public (ISystemModel Model, InputNormalizer Normalizer) OpenModelFile(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return (new MecModel(manifest.Parameters, manifest.BandwidthPolicy), new InputNormalizer(manifest.MinMb, manifest.MaxMb, manifest.InputScale));
    }

    /// <summary>Uniform task sizes of the model's workload range.</summary>
    public IReadOnlyList<Workload> BenchWorkloads(ModelManifest manifest, int count)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var generator = new UniformWorkloadGenerator(manifest.Devices, manifest.TasksPerDevice, (int)manifest.MinMb, (int)manifest.MaxMb, new Random(1));
        return [.. Enumerable.Range(0, count).Select(_ => generator.Next())];
    }

    /// <summary>Q and the exact bandwidth split of the decision.</summary>
    public SlotSolution DescribeDecision(ISystemModel model, Workload workload, OffloadDecision decision, string network)
    {
        var evaluation = ((MecModel)model).Evaluate(workload, decision);
        return new SlotSolution(
            [
                new("Decision", decision.ToString(), network),
                new("Q", $"{evaluation.Q.ToString("0.######", CultureInfo.InvariantCulture)} J"),
                new("Bandwidth", string.Join("  ", evaluation.Bandwidth.Select((c, n) => string.Create(CultureInfo.InvariantCulture, $"device {n}: {c:0.###} MB/s")))),
            ],
            [
                new("decision", decision.ToString()),
                new("q", evaluation.Q),
                new("bandwidth", evaluation.Bandwidth),
            ]);
    }
}
