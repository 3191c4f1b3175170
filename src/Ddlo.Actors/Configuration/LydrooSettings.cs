using System.Collections.Immutable;
using Ddlo.Core.Arrivals;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Lyapunov;

namespace Ddlo.Actors.Configuration;

/// <summary>LyDROO's online system (<c>ddlo.lydroo</c> and <c>ddlo.arrivals</c>), read when <c>ddlo.system.model = lydroo</c>.</summary>
/// <param name="System">The critic's constants, V, nu, the energy budget, the weights and the channel.</param>
/// <param name="InputFactor">The networks see h times this (the authors' 1e10).</param>
/// <param name="QueueInputFactor">The networks see Q and Y times this (the authors' 1e-4).</param>
/// <param name="Arrivals">The data arriving at each device each frame.</param>
public sealed record LydrooSettings(LyapunovSettings System, double InputFactor, double QueueInputFactor, ArrivalSettings Arrivals)
{
    internal const string At = "ddlo.lydroo.";

    /// <summary>The <c>weights</c> value that means the authors' default: 1.5 for even devices, 1 for odd ones.</summary>
    public const string AlternatingWeights = "alternating";

    public LydrooModel CreateModel() => new(System);

    /// <summary>Device <paramref name="device"/>'s queues, with its own arrival stream.</summary>
    public DeviceQueues CreateQueues(int device, int runSeed) =>
        new(Arrivals.Create(device, runSeed), System.Nu, System.EnergyBudget);

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
        var weights = value is not null && value.IsString() ? paper.Weights : config.DoubleList(weightsKey, 0);
        if (weights.Length != devices)
        {
            throw config.Error(weightsKey, $"expected one weight per device: {devices} (ddlo.system.devices), got {weights.Length}; \"{AlternatingWeights}\" gives the authors' default (1.5 for even devices, 1 for odd).");
        }

        double nearest = config.Double(at + "channel.nearest-m", 0, minExclusive: true);
        double farthest = config.Double(at + "channel.farthest-m", 0, minExclusive: true);
        if (farthest < nearest)
        {
            throw config.Error(ArrivalSettings.Blamed(config, at + "channel.nearest-m", at + "channel.farthest-m"), $"the farthest device ({farthest} m, channel.farthest-m) must not be nearer than the nearest ({nearest} m, channel.nearest-m).");
        }

        double lineOfSight = config.Double(at + "channel.line-of-sight", 0);
        if (lineOfSight > 1)
        {
            throw config.Error(at + "channel.line-of-sight", $"the share of the mean gain in the direct path must be in [0, 1], got {lineOfSight}.");
        }

        var parameters = new LyapunovParameters(
            CyclesPerBit: config.Double(at + "cycles-per-bit", 0, minExclusive: true),
            EnergyCoefficient: config.Double(at + "energy-coefficient", 0, minExclusive: true),
            MaxFrequencyMHz: config.Double(at + "max-frequency-mhz", 0, minExclusive: true),
            MaxPowerW: config.Double(at + "max-power-w", 0, minExclusive: true),
            BandwidthMHz: config.Double(at + "bandwidth-mhz", 0, minExclusive: true),
            Overhead: config.Double(at + "overhead", 1),
            NoiseDbmPerHz: config.Double(at + "noise-dbm-per-hz", double.MinValue));
        var system = new LyapunovSettings(
            parameters,
            weights,
            V: config.Double(at + "v", 0),
            Nu: config.Double(at + "nu", 0, minExclusive: true),
            EnergyBudget: config.Double(at + "energy-budget-j", 0),
            AntennaGain: config.Double(at + "channel.antenna-gain", 0, minExclusive: true),
            CarrierHz: config.Double(at + "channel.carrier-hz", 0, minExclusive: true),
            PathLossExponent: config.Double(at + "channel.path-loss-exponent", 0, minExclusive: true),
            NearestM: nearest,
            FarthestM: farthest,
            LineOfSight: lineOfSight);
        return new LydrooSettings(
            system,
            config.Double(at + "input-factor", 0, minExclusive: true),
            config.Double(at + "queue-input-factor", 0, minExclusive: true),
            ArrivalSettings.Read(config, devices));
    }
}

/// <summary>The data arriving at each device each frame (<c>ddlo.arrivals</c>).</summary>
/// <param name="Process">exponential | poisson | uniform | trace.</param>
/// <param name="MeanMbit">The exponential process's mean per frame, Mbit.</param>
/// <param name="TasksPerFrame">The Poisson process's mean task count per frame.</param>
/// <param name="TaskMinMbit">The smallest Poisson task, Mbit.</param>
/// <param name="TaskMaxMbit">The largest Poisson task, Mbit.</param>
/// <param name="MinMbit">The uniform process's smallest arrival per frame, Mbit.</param>
/// <param name="MaxMbit">The uniform process's largest arrival per frame, Mbit.</param>
/// <param name="Trace">The trace's full path (trace only).</param>
public sealed record ArrivalSettings(
    string Process, double MeanMbit, double TasksPerFrame, double TaskMinMbit, double TaskMaxMbit, double MinMbit, double MaxMbit, string Trace)
{
    internal const string At = "ddlo.arrivals.";

    private static readonly Dictionary<string, string> Processes = new(StringComparer.Ordinal)
    {
        ["exponential"] = "exponential",
        ["poisson"] = "poisson",
        ["uniform"] = "uniform",
        ["trace"] = "trace",
    };

    private ImmutableArray<TraceArrivals> traces = [];

    /// <summary>Device <paramref name="device"/>'s arrivals, from its own stream of the run seed.</summary>
    public IArrivalProcess Create(int device, int runSeed)
    {
        var random = new ReplayableRandom(Ddlo.Core.Seeds.Derive(runSeed, Ddlo.Core.Seeds.ArrivalStream, device));
        return Process switch
        {
            "poisson" => new PoissonArrivals(TasksPerFrame, TaskMinMbit, TaskMaxMbit, random),
            "uniform" => new UniformArrivals(MinMbit, MaxMbit, random),
            "trace" => traces[device],
            _ => new ExponentialArrivals(MeanMbit, random),
        };
    }

    /// <summary>Of two keys that must be in order, the one the user set: the upper one unless only the lower one was changed.</summary>
    internal static string Blamed(ConfigReader config, string lower, string upper) =>
        config.SourceOf(upper) == Scenario.ReferenceSource && config.SourceOf(lower) != Scenario.ReferenceSource ? lower : upper;

    internal static ArrivalSettings Read(ConfigReader config, int devices)
    {
        const string at = At;
        string process = config.Choice(at + "process", Processes);
        var settings = new ArrivalSettings(
            process,
            config.Double(at + "mean-mbit", 0, minExclusive: true),
            config.Double(at + "tasks-per-frame", 0, minExclusive: true),
            config.Double(at + "task-min-mbit", 0),
            config.Double(at + "task-max-mbit", 0),
            config.Double(at + "min-mbit", 0),
            config.Double(at + "max-mbit", 0),
            config.Text(at + "trace"));
        if (settings.TaskMaxMbit < settings.TaskMinMbit)
        {
            throw config.Error(Blamed(config, at + "task-min-mbit", at + "task-max-mbit"), $"the largest task (task-max-mbit = {settings.TaskMaxMbit} Mbit) must not be smaller than the smallest (task-min-mbit = {settings.TaskMinMbit}).");
        }

        if (settings.MaxMbit < settings.MinMbit)
        {
            throw config.Error(Blamed(config, at + "min-mbit", at + "max-mbit"), $"the largest arrival (max-mbit = {settings.MaxMbit} Mbit) must not be smaller than the smallest (min-mbit = {settings.MinMbit}).");
        }

        if (process != "trace")
        {
            return settings;
        }

        const string traceKey = at + "trace";
        if (settings.Trace is "" or "none")
        {
            throw config.Error(traceKey, "the trace process needs a CSV file (frame,device,bits): ddlo.arrivals.trace = \"arrivals.csv\".");
        }

        string source = config.SourceOf(traceKey);
        string directory = File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source))! : Environment.CurrentDirectory;
        string path = Path.GetFullPath(settings.Trace, directory);
        try
        {
            return settings with { Trace = path, traces = TraceArrivals.Load(path, devices) };
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            throw config.Error(traceKey, e.Message);
        }
    }
}
