using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Data;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Scoring;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Simulation;

/// <summary>Where a run's task sizes come from, and what scores them (null: not scored).</summary>
public sealed record SimulationSources(Func<DeviceId, ITaskSource> TaskSource, IOptimumOracle? Oracle)
{
    /// <summary>Each device's queues and arrivals, for a system whose devices carry queues (LyDROO); null otherwise.</summary>
    public Func<DeviceId, DeviceQueues>? Queues { get; init; }

    /// <summary>Each device's own context (MUMT with a channel or classes: its rate scale, its class's factors); null otherwise.</summary>
    public Func<DeviceId, IContextSource>? Contexts { get; init; }

    /// <summary>
    /// Fresh reports per device, as the system model draws them (MUMT: uniform task sizes, and a channel when it is on; WPMEC: faded channel gains;
    /// LyDROO: Rician channel gains, with each device's queues and arrivals), scored by the oracle the run settings ask for.
    /// </summary>
    /// <exception cref="ScenarioException">The settings describe a map of cells, which these one-cell sources cannot draw.</exception>
    public static SimulationSources Generated(DdloSettings settings)
    {
        // Every one-cell run (a series of seeds, a node, bench, the one-cell experiments) draws here; commands that
        // write before their run starts refuse a map themselves, first.
        RefuseMap(settings);
        var system = settings.System;
        int seed = settings.Run.Seed;
        var oracle = settings.Run.OracleFor(system) is { } name ? system.CreateSystemModel().CreateOracle(name) : null;
        ReplayableRandom Stream(DeviceId id) => new(Seeds.Derive(seed, Seeds.DeviceStream, id.Value));
        Func<DeviceId, ITaskSource> source = id => system.Configured.CreateTaskSource(id.Value, Stream(id), settings);
        var queueing = system.Queueing;
        var contexts = system.DeviceContexts;
        int devices = system.Devices;
        return new SimulationSources(source, oracle)
        {
            Queues = queueing is null ? null : id => queueing.CreateQueues(id.Value, seed),
            Contexts = contexts is null ? null : id => contexts.CreateContext(id.Value, devices, seed),
        };
    }

    /// <summary>Refuses a map of cells (<c>ddlo.topology</c>) in one line, for a command that runs one cell.</summary>
    /// <exception cref="ScenarioException">The settings describe a map of cells.</exception>
    public static void RefuseMap(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (World.MapRunner.IsMap(settings))
        {
            throw new ScenarioException($"{Systems.Mumt.MumtDefinition.TopologyKey}: a map of cells runs one run at a time with ddlo simulate, over a cluster with ddlo node --role edge, in ddlo bench map or in an experiment of kind = map; this command runs one cell (set layout = none).");
        }
    }

    /// <summary>The published protocol over a data set: rows by the schedule, scored by each row's q_opt.</summary>
    public static SimulationSources Replay(ReferenceDataset dataset, DatasetSchedule schedule) =>
        new(id => new DatasetTaskSource(dataset, schedule, id.Value), new DatasetOracle(dataset, schedule));
}
