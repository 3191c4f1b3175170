using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core;
using Ddlo.Core.Cells;
using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Mobility;
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
public sealed record MumtSettings(int TasksPerDevice, double UplinkMbps, BandwidthPolicy BandwidthPolicy, MecParameters Parameters) : IConfiguredSystem, IDeviceContextSystem
{
    /// <summary>The devices' uplink channel (<c>ddlo.channel</c>), or null when it is off: the paper's fixed rate.</summary>
    public ChannelSettings? Channel { get; init; }

    /// <summary>The device classes (<c>ddlo.device-classes</c>), or none: every device is the system's.</summary>
    public ImmutableArray<DeviceClass> Classes { get; init; } = [];

    /// <summary>The map of cells (<c>ddlo.topology</c>), or null: the paper's one cell.</summary>
    public Topology? Topology { get; init; }

    /// <summary>With a map: one learner per cell (<c>ddlo.topology.learners = per-cell</c>) rather than one every cell shares.</summary>
    public bool PerCellLearners { get; init; }

    /// <summary>With a map: copies of the shared learner, each serving every cell c with c mod copies its index (<c>ddlo.topology.learner-copies</c>).</summary>
    public int LearnerCopies { get; init; } = 1;

    /// <summary>With copies: the training rounds between two averagings of their weights (<c>ddlo.topology.averaging-rounds</c>).</summary>
    public int AveragingRounds { get; init; } = 1;

    /// <summary>How the devices move (<c>ddlo.mobility</c>), or null when they stay where the channel places them.</summary>
    public MobilitySettings? Mobility { get; private init; }

    /// <summary>The mobility trace's path as the scenario gives it (made absolute), or "none".</summary>
    public string MobilityTracePath { get; private init; } = "none";

    /// <summary>The positions a trace replays, when the model is trace.</summary>
    public MobilityTrace? MobilityTrace { get; private init; }

    /// <summary>These settings with devices that move as <paramref name="mobility"/> says (null: they stay).</summary>
    public MumtSettings WithMobility((MobilitySettings Settings, string TracePath, MobilityTrace? Trace)? mobility) =>
        mobility is not { } m ? this : this with { Mobility = m.Settings, MobilityTracePath = m.TracePath, MobilityTrace = m.Trace };

    /// <summary>Whether the devices report context: a channel's rate scale, a class's factors, or both.</summary>
    public bool HasDeviceContext => Channel is not null || !Classes.IsEmpty;

    /// <summary>Context values per device (<see cref="DeviceTraits"/>).</summary>
    public int ContextFeatures => DeviceTraits.Features(rate: Channel is not null, classes: !Classes.IsEmpty);

    public bool Equals(MumtSettings? other) =>
        other is not null && TasksPerDevice == other.TasksPerDevice && UplinkMbps == other.UplinkMbps && BandwidthPolicy == other.BandwidthPolicy
        && Parameters == other.Parameters && Channel == other.Channel && Classes.SequenceEqual(other.Classes)
        && Mobility == other.Mobility && MobilityTracePath == other.MobilityTracePath
        && (Topology is null ? other.Topology is null : other.Topology is not null && Topology.Cells.SequenceEqual(other.Topology.Cells)
            && Topology.Rule == other.Topology.Rule && Topology.HysteresisDb == other.Topology.HysteresisDb && PerCellLearners == other.PerCellLearners
            && LearnerCopies == other.LearnerCopies && AveragingRounds == other.AveragingRounds);

    public override int GetHashCode() => HashCode.Combine(TasksPerDevice, UplinkMbps, BandwidthPolicy, Parameters, Channel, Classes.Length);

    /// <summary>The MUMT model, for what exists for it alone (the P2 split, the dual decomposition, device search).</summary>
    public MecModel CreateModel() => new(Parameters, BandwidthPolicy);

    ISystemModel IConfiguredSystem.CreateModel() => CreateModel();

    /// <summary>With a channel or classes, each device's rate scale and class factors ride beside its task sizes as its context.</summary>
    public int ContextInputs(int devices) => ContextFeatures * devices;

    /// <summary>
    /// Task sizes mapped from the workload range onto [-input-scale, +input-scale]; with a channel or classes, each
    /// device's rate scale and class factors times input-scale (the paper's device, all 1, at the range's top).
    /// </summary>
    public InputNormalizer CreateNormalizer(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var sizes = new InputNormalizer(settings.Workload.MinMb, settings.Workload.MaxMb, settings.Learning.InputScale);
        return HasDeviceContext ? sizes.WithContext(settings.System.TaskCount, settings.System.ContextInputs, settings.Learning.InputScale) : sizes;
    }

    /// <summary>
    /// Device <paramref name="device"/>'s channel, placed and faded by its own stream of the run seed; when devices
    /// move, it starts at a heading drawn from its movement's own stream, at the distance the channel placed it.
    /// </summary>
    public UplinkChannel CreateChannel(int device, int runSeed)
    {
        var channel = Channel ?? throw new InvalidOperationException("This MUMT system has no channel (ddlo.channel.enabled = off).");
        return new UplinkChannel(channel, new ReplayableRandom(Seeds.Derive(runSeed, Seeds.ChannelStream, device)), Mobility is null ? null : Moves);

        IMobility Moves(double distance)
        {
            var stream = new ReplayableRandom(Seeds.Derive(runSeed, Seeds.MobilityStream, device));
            double heading = stream.NextDouble() * 2 * Math.PI;
            var start = new Position(distance * Math.Cos(heading), distance * Math.Sin(heading));
            return Mobility.Model switch
            {
                MobilityModel.RandomWaypoint => new RandomWaypoint(Mobility, start, stream),
                MobilityModel.GaussMarkov => new GaussMarkov(Mobility, start, stream),
                MobilityModel.Trace => new TraceMobility(MobilityTrace!, device),
                _ => throw new InvalidOperationException($"Devices do not move under {Mobility.Model}."),
            };
        }
    }

    /// <summary>The class of device <paramref name="device"/> of <paramref name="devices"/>, or null without classes.</summary>
    public DeviceClass? ClassOf(int device, int devices) => Classes.IsEmpty ? null : Classes[DeviceClass.ClassOf(Classes, device, devices)];

    /// <summary>Device <paramref name="device"/>'s context: its channel's rate scale each slot, then its class's factors.</summary>
    public IContextSource CreateContext(int device, int devices, int runSeed)
    {
        var traits = ClassOf(device, devices)?.Traits(Parameters) ?? DeviceTraits.Paper;
        return new MumtContextSource(traits, classes: !Classes.IsEmpty, Channel is null ? null : CreateChannel(device, runSeed));
    }

    /// <summary>With a channel or classes, what needs the paper's devices is refused, saying why.</summary>
    public SystemAbilities Abilities(SystemAbilities model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Topology is not null)
        {
            return model with
            {
                Key = MumtDefinition.TopologyKey,
                WhyNotSolve = "a map of cells (ddlo.topology) decides each cell's devices each slot as they move; run it with simulate, or solve with layout = none.",
                WhyNotEvaluate = "the data sets hold one cell's task sizes, but ddlo.topology makes a map of cells; evaluate with layout = none.",
                WhyNotExport = "a map of cells (ddlo.topology) trains one network on each device's row with its cell's load; model files and ONNX export hold one cell's networks.",
                WhyNotOnnx = "ONNX models decide one cell from its task sizes, but ddlo.topology makes a map of cells; decide with ddlo or a baseline.",
            };
        }

        if (Channel is not null)
        {
            return model with
            {
                Key = "ddlo.channel.enabled",
                WhyNotSolve = "with ddlo.channel.enabled = on each slot also depends on the devices' channels, which solve does not take; run it with simulate, or solve with the channel off.",
                WhyNotEvaluate = "the data sets hold task sizes at the paper's fixed rate, but ddlo.channel.enabled = on gives each device its own rate; evaluate with the channel off.",
                WhyNotExport = "with ddlo.channel.enabled = on the networks see each device's rate scale as well as its task sizes; model files and ONNX export hold networks of task sizes alone.",
                WhyNotOnnx = "ONNX models take the task sizes alone, but with ddlo.channel.enabled = on the networks also see each device's rate scale; decide with ddlo or a baseline.",
            };
        }

        return Classes.IsEmpty ? model : model with
        {
            Key = "ddlo.device-classes",
            WhyNotSolve = "with device classes each device has its own constants, which solve does not take; run it with simulate, or solve without classes.",
            WhyNotEvaluate = "the data sets hold the paper's devices, but ddlo.device-classes gives devices constants of their own; evaluate without classes.",
            WhyNotExport = "with device classes the networks see each device's class factors as well as its task sizes; model files and ONNX export hold networks of task sizes alone.",
            WhyNotOnnx = "ONNX models take the task sizes alone, but with device classes the networks also see each device's class factors; decide with ddlo or a baseline.",
        };
    }

    /// <summary>Uniform whole-MB task sizes of the workload range, or of the device's class's range.</summary>
    public ITaskSource CreateTaskSource(int device, ReplayableRandom stream, DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ClassOf(device, settings.System.Devices) is { } deviceClass
            ? new UniformTaskSource(TasksPerDevice, deviceClass.MinMb, deviceClass.MaxMb, stream)
            : new UniformTaskSource(TasksPerDevice, settings.Workload.MinMb, settings.Workload.MaxMb, stream);
    }

    public void Validate(DdloSettings settings, Func<string, string> sourceOf) => MumtChecks.Validate(settings, sourceOf);

    public void ValidateLearning(DdloSettings settings, Func<string, string> sourceOf) => MumtChecks.ValidateLearning(settings, sourceOf);

    public string Describe(int devices)
    {
        string split = BandwidthPolicy == BandwidthPolicy.Optimal ? "optimal split" : "equal split";
        string channel = Channel is not { } c ? "" : string.Create(CultureInfo.InvariantCulture,
            $", {c.Fading.ToString().ToLowerInvariant()} fading{(Topology is null ? $", {c.NearestM:0.#}-{c.FarthestM:0.#} m" : "")}");
        string moving = Mobility is not { } m ? "" : m.Model switch
        {
            MobilityModel.Static => "",
            MobilityModel.RandomWaypoint => string.Create(CultureInfo.InvariantCulture, $", random waypoint {m.MinSpeed:0.##}-{m.MaxSpeed:0.##} m/s"),
            MobilityModel.GaussMarkov => string.Create(CultureInfo.InvariantCulture, $", Gauss-Markov {m.MeanSpeed:0.##} m/s"),
            _ => ", traced positions",
        };
        string map = Topology is not { } t ? "" : string.Create(CultureInfo.InvariantCulture,
            $", {t.Count} cells {(t.Rule == AssociationRule.Nearest ? "nearest" : $"strongest +{t.HysteresisDb:0.##} dB")} on a {2 * (Mobility?.HalfSideM ?? 0):0.#} m square");
        string classes = Classes.IsEmpty ? "" : ", classes " + string.Join(" ", Classes.Zip(DeviceClass.Counts(Classes, devices), (c, count) => $"{c.Name} x{count}"));
        return string.Create(CultureInfo.InvariantCulture, $"N={devices}, M={TasksPerDevice}, C={UplinkMbps:0.###} Mbit/s, {split}{map}{channel}{moving}{classes}");
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
        ["mobility"] = Mobility is not { } moving ? null : new Dictionary<string, object?>
        {
            ["model"] = moving.Model switch { MobilityModel.Static => "static", MobilityModel.RandomWaypoint => "random-waypoint", MobilityModel.GaussMarkov => "gauss-markov", _ => "trace" },
            ["slot_seconds"] = moving.SlotSeconds,
            ["min_speed_mps"] = moving.MinSpeed,
            ["max_speed_mps"] = moving.MaxSpeed,
            ["mean_speed_mps"] = moving.MeanSpeed,
            ["half_side_m"] = moving.HalfSideM,
            ["trace"] = moving.Model == MobilityModel.Trace ? MobilityTracePath : null,
        },
        ["topology"] = Topology is not { } map ? null : new Dictionary<string, object?>
        {
            ["cells"] = map.Count,
            ["association"] = map.Rule == AssociationRule.Nearest ? "nearest" : "strongest",
            ["hysteresis_db"] = map.HysteresisDb,
            ["learners"] = PerCellLearners ? "per-cell" : "shared",
            ["learner_copies"] = LearnerCopies,
            ["averaging_rounds"] = LearnerCopies > 1 ? AveragingRounds : null,
            ["coverage"] = Math.Round(map.Coverage(Mobility!.HalfSideM), 4),
            ["sites"] = map.Cells.Select(c => new Dictionary<string, object?>
            {
                ["cell"] = c.Index,
                ["x_m"] = c.Position.X,
                ["y_m"] = c.Position.Y,
                ["radius_m"] = c.RadiusM,
                ["uplink_mbps"] = c.UplinkMbps,
                ["edge_clock_hz"] = c.EdgeClockHz,
                ["gain_db"] = c.GainDb,
            }).ToList(),
        },
        ["device_classes"] = Classes.IsEmpty ? null : Classes.Select(c => new Dictionary<string, object?>
        {
            ["name"] = c.Name,
            ["share"] = c.Share,
            ["local_time_per_bit"] = c.LocalTimePerBit,
            ["local_energy_per_bit"] = c.LocalEnergyPerBit,
            ["transmit_energy_per_bit"] = c.TransmitEnergyPerBit,
            ["min_mb"] = c.MinMb,
            ["max_mb"] = c.MaxMb,
        }).ToList(),
    };

    public ISlotSolver CreateSolver() => new MumtSolver(CreateModel(), TasksPerDevice);

    /// <summary>The bandwidth policy and constants.</summary>
    public ModelManifest DescribeModelFile(ModelManifest manifest) => manifest with { BandwidthPolicy = BandwidthPolicy, Parameters = Parameters };
}
