using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core;
using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Core.Workloads;
using Ddlo.Learning.Deployment;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Systems.Mumt;

/// <summary>MUMT's system as a scenario configures it (<c>ddlo.system</c>, <c>ddlo.workload</c>, <c>ddlo.learning.input-scale</c>).</summary>
/// <param name="TasksPerDevice">M.</param>
/// <param name="UplinkMbps">C in Mbit/s, as written in the scenario.</param>
/// <param name="BandwidthPolicy">How C is split for a fixed decision.</param>
/// <param name="Parameters">The model's constants (C converted to MB/s).</param>
public sealed record MumtSettings(int TasksPerDevice, double UplinkMbps, BandwidthPolicy BandwidthPolicy, MecParameters Parameters) : IConfiguredSystem, IChannelSystem
{
    /// <summary>The devices' uplink channel (<c>ddlo.channel</c>), or null when it is off: the paper's fixed rate.</summary>
    public ChannelSettings? Channel { get; init; }

    /// <summary>The MUMT model, for what exists for it alone (the P2 split, the dual decomposition, device search).</summary>
    public MecModel CreateModel() => new(Parameters, BandwidthPolicy);

    ISystemModel IConfiguredSystem.CreateModel() => CreateModel();

    /// <summary>With a channel, each device's rate scale s rides beside its task sizes as its context.</summary>
    public int ContextInputs(int devices) => Channel is null ? 0 : devices;

    /// <summary>
    /// Task sizes mapped from the workload range onto [-input-scale, +input-scale]; with a channel, each device's rate
    /// scale times input-scale (the reference channel, s = 1, at the range's top).
    /// </summary>
    public InputNormalizer CreateNormalizer(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sizes = new InputNormalizer(settings.Workload.MinMb, settings.Workload.MaxMb, settings.Learning.InputScale);
        return Channel is null ? sizes : sizes.WithContext(settings.System.TaskCount, settings.System.ContextInputs, settings.Learning.InputScale);
    }

    /// <summary>Device <paramref name="device"/>'s channel, placed and faded by its own stream of the run seed.</summary>
    public UplinkChannel CreateChannel(int device, int runSeed) =>
        new(Channel ?? throw new InvalidOperationException("This MUMT system has no channel (ddlo.channel.enabled = off)."),
            new ReplayableRandom(Seeds.Derive(runSeed, Seeds.ChannelStream, device)));

    /// <summary>With a channel, what needs the paper's fixed rate is refused, saying why.</summary>
    public SystemAbilities Abilities(SystemAbilities model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Channel is null ? model : model with
        {
            Key = "ddlo.channel.enabled",
            WhyNotSolve = "with ddlo.channel.enabled = on each slot also depends on the devices' channels, which solve does not take; run it with simulate, or solve with the channel off.",
            WhyNotEvaluate = "the data sets hold task sizes at the paper's fixed rate, but ddlo.channel.enabled = on gives each device its own rate; evaluate with the channel off.",
            WhyNotExport = "with ddlo.channel.enabled = on the networks see each device's rate scale as well as its task sizes; model files and ONNX export hold networks of task sizes alone.",
            WhyNotOnnx = "ONNX models take the task sizes alone, but with ddlo.channel.enabled = on the networks also see each device's rate scale; decide with ddlo or a baseline.",
        };
    }

    /// <summary>Uniform whole-MB task sizes of the workload range.</summary>
    public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new UniformTaskSource(TasksPerDevice, settings.Workload.MinMb, settings.Workload.MaxMb, stream);
    }

    public void Validate(DdloSettings settings, Func<string, string> sourceOf) => MumtChecks.Validate(settings, sourceOf);

    public void ValidateLearning(DdloSettings settings, Func<string, string> sourceOf) => MumtChecks.ValidateLearning(settings, sourceOf);

    public string Describe(int devices)
    {
        string split = BandwidthPolicy == BandwidthPolicy.Optimal ? "optimal split" : "equal split";
        string channel = Channel is not { } c ? "" : string.Create(CultureInfo.InvariantCulture,
            $", {c.Fading.ToString().ToLowerInvariant()} fading, {c.NearestM:0.#}-{c.FarthestM:0.#} m");
        return string.Create(CultureInfo.InvariantCulture, $"N={devices}, M={TasksPerDevice}, C={UplinkMbps:0.###} Mbit/s, {split}{channel}");
    }

    /// <summary>The uplink and how it is split.</summary>
    IReadOnlyDictionary<string, object?> IConfiguredSystem.SummaryFields => new Dictionary<string, object?>
    {
        ["uplink_mbps"] = UplinkMbps,
        ["bandwidth_policy"] = BandwidthPolicy.ToString().ToLowerInvariant(),
        ["channel"] = Channel is not { } c ? null : new Dictionary<string, object?>
        {
            ["fading"] = c.Fading.ToString().ToLowerInvariant(),
            ["rician_k"] = c.RicianK,
            ["path_loss_exponent"] = c.PathLossExponent,
            ["reference_distance_m"] = c.ReferenceDistanceM,
            ["reference_snr_db"] = c.ReferenceSnrDb,
            ["nearest_m"] = c.NearestM,
            ["farthest_m"] = c.FarthestM,
        },
    };

    public ISlotSolver CreateSolver() => new MumtSolver(CreateModel(), TasksPerDevice);

    /// <summary>The bandwidth policy and constants.</summary>
    public ModelManifest DescribeModelFile(ModelManifest manifest) => manifest with { BandwidthPolicy = BandwidthPolicy, Parameters = Parameters };
}
