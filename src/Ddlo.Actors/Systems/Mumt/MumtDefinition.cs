using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Cells;
using Ddlo.Core.Channels;
using Ddlo.Core.Data;
using Ddlo.Core.Mobility;
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

    /// <summary>The block of device classes, each NAME a class (<see cref="DeviceClass"/>).</summary>
    public const string DeviceClassesKey = "ddlo.device-classes";

    public IReadOnlyList<string> NamedBlocks { get; } = [DeviceClassesKey];

    public IConfiguredSystem Read(ConfigReader config, int devices)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string at = "ddlo.system.";
        double uplink = config.Constant(at + "uplink-mbps", 0, minExclusive: true);
        var parameters = new MecParameters
            {
                UplinkMBps = MecParameters.MbpsToMBps(uplink),
                Alpha = config.Constant(at + "alpha", 0),
                Beta = config.Constant(at + "beta", 0),
                LocalEnergyPerBit = config.Constant(at + "local-energy-per-bit", 0),
                LocalTimePerBit = config.Constant(at + "local-time-per-bit", 0, minExclusive: true),
                TransmitEnergyPerBit = config.Constant(at + "transmit-energy-per-bit", 0),
                EdgeCyclesPerBit = config.Constant(at + "edge-cycles-per-bit", 0),
                EdgeClockHz = config.Constant(at + "edge-clock-hz", 0, minExclusive: true),
            };
        var topology = ReadTopology(config, uplink, parameters.EdgeClockHz);
        return new MumtSettings(config.Int(at + "tasks-per-device", 1, 30), uplink, config.Choice(at + "bandwidth-policy", Policies), parameters)
        {
            Channel = ReadChannel(config),
            Classes = ReadClasses(config, parameters),
            Topology = topology,
            PerCellLearners = config.Choice("ddlo.topology.learners", Learners),
            LearnerCopies = ReadCopies(config, topology),
            AveragingRounds = config.Int("ddlo.topology.averaging-rounds", 1, 1_000_000),
        }.WithMobility(ReadMobility(config, devices, topology));
    }

    /// <summary><c>ddlo.topology.learner-copies</c>: copies of the shared learner, each serving at least one cell.</summary>
    private static int ReadCopies(ConfigReader config, Topology? topology)
    {
        const string key = "ddlo.topology.learner-copies";
        int copies = config.Int(key, 1, Topology.MaxCells);
        if (copies > 1 && config.Choice("ddlo.topology.learners", Learners))
        {
            throw config.Error(key, $"copies of the shared learner ({copies}) and a learner per cell (learners = per-cell) exclude each other; set learners = shared, or learner-copies = 1.");
        }

        if (topology is not null && copies > topology.Count)
        {
            throw config.Error(key, string.Create(CultureInfo.InvariantCulture, $"{copies} copies of the learner for {topology.Count} cells: a copy serves at least one cell; at most {topology.Count}."));
        }

        return copies;
    }

    private static readonly Dictionary<string, bool> Learners = new(StringComparer.Ordinal)
    {
        ["shared"] = false,
        ["per-cell"] = true,
    };

    private static readonly Dictionary<string, TopologyLayout?> Layouts = new(StringComparer.Ordinal)
    {
        ["none"] = null,
        ["grid"] = TopologyLayout.Grid,
        ["hex"] = TopologyLayout.Hex,
        ["explicit"] = TopologyLayout.Explicit,
    };

    private static readonly Dictionary<string, AssociationRule> Associations = new(StringComparer.Ordinal)
    {
        ["nearest"] = AssociationRule.Nearest,
        ["strongest"] = AssociationRule.Strongest,
    };

    /// <summary>
    /// <c>ddlo.topology</c>: null for the paper's one cell; otherwise the map's cells, each with the topology-wide
    /// values or its own from the per-cell lists. Every key is checked either way; the map's area is checked with the mobility.
    /// </summary>
    private static Topology? ReadTopology(ConfigReader config, double systemUplink, double systemClock)
    {
        const string at = "ddlo.topology.";
        var layout = config.Choice(at + "layout", Layouts);
        int count = config.Int(at + "cells", 1, Topology.MaxCells);
        double spacing = config.Double(at + "spacing-m", 0, minExclusive: true);
        var xs = config.DoubleList(at + "x-m", -1e6);
        var ys = config.DoubleList(at + "y-m", -1e6);
        double radius = config.Double(at + "radius-m", 0, minExclusive: true);
        double uplink = config.Double(at + "uplink-mbps", 0);
        double clock = config.Double(at + "edge-clock-hz", 0);
        double gain = config.Double(at + "gain-db", -100);
        var radii = config.DoubleList(at + "radii-m", 0);
        var uplinks = config.DoubleList(at + "uplinks-mbps", 0);
        var clocks = config.DoubleList(at + "edge-clocks-hz", 0);
        var gains = config.DoubleList(at + "gains-db", -100);
        var rule = config.Choice(at + "association", Associations);
        double hysteresis = config.Double(at + "hysteresis-db", 0);
        double pathLoss = config.Double("ddlo.channel.path-loss-exponent", 0, minExclusive: true);
        if (layout is not { } shape)
        {
            return null;
        }

        ImmutableArray<Position> positions;
        if (shape == TopologyLayout.Explicit)
        {
            if (xs.IsEmpty || xs.Length != ys.Length)
            {
                throw config.Error(xs.IsEmpty ? at + "x-m" : at + "y-m", string.Create(CultureInfo.InvariantCulture,
                    $"an explicit layout lists every edge server's x-m and y-m, one of each per cell; got {xs.Length} x and {ys.Length} y."));
            }

            // A count set beside the positions must agree with them; one left from a file's grid, under a layout an
            // override made explicit, does not apply.
            string countSource = config.SourceOf(at + "cells"), layoutSource = config.SourceOf(at + "layout");
            static bool IsOverride(string source) => source.StartsWith("--", StringComparison.Ordinal) || source.StartsWith("overrides[", StringComparison.Ordinal);
            bool countApplies = countSource != Scenario.ReferenceSource && (countSource == layoutSource || IsOverride(countSource) || !IsOverride(layoutSource));
            if (count != xs.Length && countApplies)
            {
                throw config.Error(at + "cells", string.Create(CultureInfo.InvariantCulture,
                    $"an explicit layout has a cell per x-m and y-m ({xs.Length}), but cells = {count}; make them agree, or remove cells."));
            }

            positions = [.. xs.Zip(ys, (x, y) => new Position(x, y))];
        }
        else
        {
            if (!xs.IsEmpty || !ys.IsEmpty)
            {
                throw config.Error(xs.IsEmpty ? at + "y-m" : at + "x-m",
                    $"x-m and y-m place the cells of an explicit layout, but layout = {config.Text(at + "layout")} places its own from cells and spacing-m; remove them, or set layout = explicit.");
            }

            try
            {
                positions = Topology.Layout(shape, count, spacing);
            }
            catch (ArgumentException e)
            {
                throw config.Error(at + (e.ParamName == "count" ? "cells" : "spacing-m"), e.Message.Split(" (Parameter", 2)[0]);
            }
        }

        double PerCell(ImmutableArray<double> list, string key, int cell, double common) =>
            list.IsEmpty ? common
            : list.Length == positions.Length ? list[cell]
            : throw config.Error(at + key, string.Create(CultureInfo.InvariantCulture, $"lists {list.Length} values, but the map has {positions.Length} cells: give one per cell, or none."));

        var cells = ImmutableArray.CreateBuilder<CellSite>(positions.Length);
        for (int i = 0; i < positions.Length; i++)
        {
            double cellUplink = PerCell(uplinks, "uplinks-mbps", i, uplink > 0 ? uplink : systemUplink);
            double cellClock = PerCell(clocks, "edge-clocks-hz", i, clock > 0 ? clock : systemClock);
            cells.Add(new CellSite(i, positions[i], PerCell(radii, "radii-m", i, radius), cellUplink, cellClock, PerCell(gains, "gains-db", i, gain)));
        }

        return new Topology(cells.MoveToImmutable(), rule, hysteresis, pathLoss);
    }

    /// <summary>
    /// The <c>ddlo.topology</c> key behind a problem <see cref="Topology.Validate"/> names: a value's key (its per-cell
    /// list's when one is given), or what placed a misplaced cell (x-m for an explicit layout, spacing-m for the others).
    /// </summary>
    private static string TopologyKeyOf(ConfigReader config, string[] words)
    {
        const string at = "ddlo.topology.";
        string Listed(string common, string list) => at + (config.DoubleList(at + list, -100).IsEmpty ? common : list);
        return words switch
        {
            ["cells"] => at + "cells",
            [nameof(Topology.HysteresisDb)] => at + "hysteresis-db",
            [_, _, "radius-m"] => Listed("radius-m", "radii-m"),
            [_, _, "uplink-mbps"] => Listed("uplink-mbps", "uplinks-mbps"),
            [_, _, "edge-clock-hz"] => Listed("edge-clock-hz", "edge-clocks-hz"),
            [_, _, "gain-db"] => Listed("gain-db", "gains-db"),
            _ => at + (config.Text(TopologyKey) == "explicit" ? "x-m" : "spacing-m"),
        };
    }

    /// <summary>The map of cells (<see cref="Topology"/>): its layout key.</summary>
    public const string TopologyKey = "ddlo.topology.layout";

    /// <summary>The mobility trace's key: a path, made absolute as the scenario loads (<see cref="PathKeys"/>).</summary>
    public const string MobilityTraceKey = "ddlo.mobility.trace";

    public IReadOnlyList<string> PathKeys { get; } = [MobilityTraceKey];

    private static readonly Dictionary<string, MobilityModel> MobilityModels = new(StringComparer.Ordinal)
    {
        ["static"] = MobilityModel.Static,
        ["random-waypoint"] = MobilityModel.RandomWaypoint,
        ["gauss-markov"] = MobilityModel.GaussMarkov,
        ["trace"] = MobilityModel.Trace,
    };

    /// <summary>
    /// <c>ddlo.mobility</c>: null when devices stay where they are placed; otherwise the model, and its trace read and
    /// checked against the run's devices and steps. Its keys are checked either way.
    /// </summary>
    private static (MobilitySettings Settings, string TracePath, MobilityTrace? Trace)? ReadMobility(ConfigReader config, int devices, Topology? topology)
    {
        const string at = "ddlo.mobility.";
        var settings = new MobilitySettings(
            config.Choice(at + "model", MobilityModels),
            config.Double(at + "slot-seconds", 0, minExclusive: true),
            config.Double(at + "min-speed-mps", 0),
            config.Double(at + "max-speed-mps", 0),
            config.Double(at + "pause-s", 0),
            config.Double(at + "alpha", 0),
            config.Double(at + "mean-speed-mps", 0),
            config.Double(at + "speed-sd-mps", 0),
            config.Double(at + "heading-sd-rad", 0),
            config.Double(at + "half-side-m", 0, minExclusive: true));
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                nameof(MobilitySettings.SlotSeconds) => "slot-seconds",
                nameof(MobilitySettings.MinSpeed) => "min-speed-mps",
                nameof(MobilitySettings.MaxSpeed) => config.OutOfOrder(at + "min-speed-mps", at + "max-speed-mps")[at.Length..],
                nameof(MobilitySettings.PauseSeconds) => "pause-s",
                nameof(MobilitySettings.Alpha) => "alpha",
                nameof(MobilitySettings.MeanSpeed) => "mean-speed-mps",
                nameof(MobilitySettings.SpeedSd) => "speed-sd-mps",
                nameof(MobilitySettings.HeadingSd) => "heading-sd-rad",
                _ => "half-side-m",
            };
            throw config.Error(at + key, e.Message.Split(" (Parameter", 2)[0]);
        }

        string tracePath = config.Text(MobilityTraceKey);
        if (topology is not null)
        {
            try
            {
                topology.Validate(settings.HalfSideM);
            }
            catch (ArgumentException e)
            {
                // The problem's parameter is "cells", "HysteresisDb", "cell i" (its place) or "cell i radius-m" (one of its values).
                string message = e.Message.Split(" (Parameter", 2)[0];
                string[] words = (e.ParamName ?? string.Empty).Split(' ');
                string key = TopologyKeyOf(config, words);
                throw config.Error(key, words.Length >= 2 && message.StartsWith("must", StringComparison.Ordinal) ? $"{words[0]} {words[1]}: {message}" : message);
            }
        }

        if (settings.Model == MobilityModel.Static && topology is null)
        {
            return null;
        }

        if (topology is null && !config.Switch("ddlo.channel.enabled"))
        {
            throw config.Error(at + "model", "devices move to change their distance, and so their channel; set ddlo.channel.enabled = on.");
        }

        double farthest = config.Double("ddlo.channel.farthest-m", 0);
        if (topology is null && settings.HalfSideM < farthest)
        {
            throw config.Error(at + "half-side-m", string.Create(CultureInfo.InvariantCulture,
                $"the area's half-side {settings.HalfSideM:G} m is less than ddlo.channel.farthest-m = {farthest:G}, where devices may be placed; make it at least that."));
        }

        if (settings.Model != MobilityModel.Trace)
        {
            return (settings, tracePath, null);
        }

        if (tracePath is "" or "none")
        {
            throw config.Error(MobilityTraceKey, "the trace model needs a CSV file (device,slot,x,y): ddlo.mobility.trace = \"positions.csv\".");
        }

        try
        {
            return (settings, tracePath, MobilityTrace.Load(tracePath, devices, config.Long("ddlo.run.steps", 1)));
        }
        catch (FormatException e)
        {
            throw config.Error(MobilityTraceKey, e.Message);
        }
    }

    /// <summary>The keys a device class may set (<c>ddlo.device-classes.NAME.KEY</c>); the others are the system's.</summary>
    public static IReadOnlyList<string> ClassKeys { get; } =
        ["share", "local-time-per-bit", "local-energy-per-bit", "transmit-energy-per-bit", "min-mb", "max-mb"];

    /// <summary>
    /// <c>ddlo.device-classes</c>: each NAME a class, in the order NAMEs sort; none means every device is the system's.
    /// A name other than letters, digits, - and _, an unknown key, shares that do not add up to 1, sizes outside the
    /// workload range the networks scale from, and a constant a class cannot scale are refused, naming the key.
    /// </summary>
    private static ImmutableArray<DeviceClass> ReadClasses(ConfigReader config, MecParameters system)
    {
        const string at = DeviceClassesKey;
        if (!config.Config.HasPath(at))
        {
            return [];
        }

        var block = config.Config.GetValue(at);
        if (!block.IsObject())
        {
            throw config.Error(at, "expected a block of device classes, each NAME { share = 0.5, local-time-per-bit = 9.5e-7, ... }.");
        }

        var (workloadMin, workloadMax) = (config.Int("ddlo.workload.min-mb", 0), config.Int("ddlo.workload.max-mb", 0));
        var classes = ImmutableArray.CreateBuilder<DeviceClass>();
        foreach (var (name, value) in block.GetObject().Items.OrderBy(item => item.Key, StringComparer.Ordinal))
        {
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw config.Error($"{at}.\"{name}\"", "a device class's name is letters, digits, - and _.");
            }

            string prefix = $"{at}.{name}.";
            if (!value.IsObject())
            {
                throw config.Error(at + "." + name, $"expected a block {{ {string.Join(", ", ClassKeys.Select(k => k + " = ..."))} }}.");
            }

            foreach (string key in value.GetObject().Items.Keys)
            {
                if (!ClassKeys.Contains(key, StringComparer.Ordinal))
                {
                    throw config.Error(prefix + key, $"unknown key of a device class; a class sets {string.Join(", ", ClassKeys)}.");
                }
            }

            int min = config.Config.HasPath(prefix + "min-mb") ? config.Int(prefix + "min-mb", 0) : workloadMin;
            int max = config.Config.HasPath(prefix + "max-mb") ? config.Int(prefix + "max-mb", 0) : workloadMax;
            string sizeKey = config.Config.HasPath(prefix + "max-mb") ? prefix + "max-mb" : prefix + "min-mb";
            if (max < min)
            {
                throw config.Error(sizeKey, $"the class's task sizes would range from {min} to {max} MB; max-mb must be at least min-mb.");
            }

            if (min < workloadMin || max > workloadMax)
            {
                throw config.Error(min < workloadMin ? prefix + "min-mb" : prefix + "max-mb",
                    $"the class's task sizes {min}..{max} MB leave the workload range {workloadMin}..{workloadMax} MB (ddlo.workload.min-mb, max-mb) the networks scale sizes from; widen that range to hold every class's.");
            }

            var deviceClass = new DeviceClass(
                name,
                config.Config.HasPath(prefix + "share") ? config.Double(prefix + "share", 0, minExclusive: true) : throw config.Error(prefix + "share", "missing: every device class needs its share of the devices, in (0, 1]."),
                Constant(config, prefix + "local-time-per-bit", "ddlo.system.local-time-per-bit", system.LocalTimePerBit),
                Constant(config, prefix + "local-energy-per-bit", "ddlo.system.local-energy-per-bit", system.LocalEnergyPerBit),
                Constant(config, prefix + "transmit-energy-per-bit", "ddlo.system.transmit-energy-per-bit", system.TransmitEnergyPerBit),
                min,
                max);
            var traits = deviceClass.Traits(system);
            foreach (var (key, factor) in new[] { ("local-time-per-bit", traits.LocalTime), ("local-energy-per-bit", traits.LocalEnergy), ("transmit-energy-per-bit", traits.TransmitEnergy) })
            {
                if (factor is < DeviceTraits.Min or > DeviceTraits.Max)
                {
                    throw config.Error(prefix + key, string.Create(CultureInfo.InvariantCulture,
                        $"the class's value is {factor:G3} times the system's; a class may be {DeviceTraits.Min:G3} to {DeviceTraits.Max:G3} times it."));
                }
            }

            classes.Add(deviceClass);
        }

        double total = classes.Sum(c => c.Share);
        if (classes.Count == 0 || Math.Abs(total - 1) > 1e-9)
        {
            throw config.Error(at, classes.Count == 0
                ? "an empty block: name at least one class, or leave ddlo.device-classes out for the paper's devices."
                : string.Create(CultureInfo.InvariantCulture, $"the classes' shares add up to {total:0.#########}, not 1 ({string.Join(", ", classes.Select(c => $"{c.Name} {c.Share:G}"))})."));
        }

        return classes.ToImmutable();
    }

    /// <summary>A class's own constant at <paramref name="key"/>, or the system's; a class scales the system's, so not one the system has at 0.</summary>
    private static double Constant(ConfigReader config, string key, string systemKey, double systemValue)
    {
        if (!config.Config.HasPath(key))
        {
            return systemValue;
        }

        double value = config.Constant(key, 0);
        return systemValue == 0 && value != 0
            ? throw config.Error(key, $"{systemKey} is 0, and a class sets its own as a factor of the system's; set {systemKey} > 0 first.")
            : value;
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
            string problem = e.ParamName == nameof(ChannelSettings.FarthestM) && key == "nearest-m"
                ? string.Create(CultureInfo.InvariantCulture, $"must be at most farthest-m = {channel.FarthestM:G} m, got {channel.NearestM:G}.")
                : e.Message.Split(" (Parameter", 2)[0];
            throw config.Error(at + key, problem);
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
