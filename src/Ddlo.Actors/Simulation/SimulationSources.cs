using Ddlo.Actors.Configuration;
using Ddlo.Actors.Messages;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Data;
using Ddlo.Core.Scoring;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Simulation;

/// <summary>Where a run's task sizes come from, and what scores them (null: not scored).</summary>
public sealed record SimulationSources(Func<DeviceId, ITaskSource> TaskSource, IOptimumOracle? Oracle)
{
    /// <summary>Fresh uniform task sizes per device, scored exhaustively when the run settings ask for it.</summary>
    public static SimulationSources Generated(DdloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var system = settings.System;
        var workload = settings.Workload;
        int seed = settings.Run.Seed;
        IOptimumOracle? oracle = settings.Run.OptimumFor(system.TaskCount) switch
        {
            ScoringMode.Exhaustive => new ExhaustiveOracle(system.CreateModel()),
            ScoringMode.Dual => new DualOracle(system.CreateModel()),
            _ => null,
        };
        return new SimulationSources(
            id => new UniformTaskSource(system.TasksPerDevice, workload.MinMb, workload.MaxMb, new ReplayableRandom(Seeds.Derive(seed, Seeds.DeviceStream, id.Value))),
            oracle);
    }

    /// <summary>The published protocol over a data set: rows by the schedule, scored by each row's q_opt.</summary>
    public static SimulationSources Replay(ReferenceDataset dataset, DatasetSchedule schedule) =>
        new(id => new DatasetTaskSource(dataset, schedule, id.Value), new DatasetOracle(dataset, schedule));
}
