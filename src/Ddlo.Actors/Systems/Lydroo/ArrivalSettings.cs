using System.Collections.Immutable;
using Ddlo.Core.Arrivals;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Checkpoints;

namespace Ddlo.Actors.Systems.Lydroo;

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

    /// <summary>The trace file's key: a path, made absolute as the scenario loads (<see cref="LydrooDefinition.PathKeys"/>).</summary>
    internal const string TraceKey = At + "trace";

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

    internal static ArrivalSettings Read(ConfigReader config, int devices)
    {
        const string at = At;
        string process = config.Choice(at + "process", Processes);
        var settings = new ArrivalSettings(
            process,
            config.Constant(at + "mean-mbit", 0, minExclusive: true),
            config.Constant(at + "tasks-per-frame", 0, minExclusive: true),
            config.Constant(at + "task-min-mbit", 0),
            config.Constant(at + "task-max-mbit", 0),
            config.Constant(at + "min-mbit", 0),
            config.Constant(at + "max-mbit", 0),
            config.Text(at + "trace"));
        if (settings.TaskMaxMbit < settings.TaskMinMbit)
        {
            throw config.Error(config.OutOfOrder(at + "task-min-mbit", at + "task-max-mbit"), $"the largest task (task-max-mbit = {settings.TaskMaxMbit} Mbit) must not be smaller than the smallest (task-min-mbit = {settings.TaskMinMbit}).");
        }

        if (settings.MaxMbit < settings.MinMbit)
        {
            throw config.Error(config.OutOfOrder(at + "min-mbit", at + "max-mbit"), $"the largest arrival (max-mbit = {settings.MaxMbit} Mbit) must not be smaller than the smallest (min-mbit = {settings.MinMbit}).");
        }

        if (process != "trace")
        {
            return settings;
        }

        const string traceKey = TraceKey;
        if (settings.Trace is "" or "none")
        {
            throw config.Error(traceKey, "the trace process needs a CSV file (frame,device,mbit): ddlo.arrivals.trace = \"arrivals.csv\".");
        }

        // Absolute already: the scenario made it so, against the file that named it (ScenarioPaths).
        string path = Path.GetFullPath(settings.Trace);
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
