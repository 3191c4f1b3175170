using Ddlo.Actors.Checkpoints;

namespace Ddlo.Hosting.Results;

/// <summary>The files of a results folder, named once: what a run writes, what <c>--resume</c> and <c>--force</c> look for.</summary>
public static class ResultsLayout
{
    /// <summary>The run's log (created first and exclusively: it claims the folder).</summary>
    public const string LogFile = "ddlo.log";

    /// <summary>The run's settings, written before the first slot so that a run killed before its first checkpoint can start over.</summary>
    public const string ScenarioFile = "scenario.conf";

    /// <summary>One row per step.</summary>
    public const string StepsFile = "steps.csv";

    /// <summary>One row per step and device (<c>ddlo.results.decisions = on</c>): what each device reported and its share of the kept decision.</summary>
    public const string DecisionsFile = Actors.Configuration.ResultsSettings.DecisionsFile;

    /// <summary>The run's summary; its presence without a checkpoint means the run is complete.</summary>
    public const string SummaryFile = "summary.json";

    /// <summary>The last checkpoint, while the run is unfinished.</summary>
    public const string CheckpointFile = Actors.Checkpoints.CheckpointFile.FileName;

    /// <summary>The final networks, <c>dnn-k.bin</c> each, which <c>ddlo export</c> packs into a model.</summary>
    public const string NetworksFolder = "networks";

    public const string ConvergencePlot = "convergence.png";

    public const string LossPlot = "loss.png";

    public const string PoliciesPlot = "policies.png";

    /// <summary>A run with queues (LyDROO) also draws its queues and its energy per frame.</summary>
    public const string QueuesPlot = "queues.png";

    public const string EnergyPlot = "energy.png";

    /// <summary>A map run's table per cell and slot (<c>ddlo.topology</c>), beside its steps.csv of the whole map.</summary>
    public const string CellsFile = "cells.csv";

    /// <summary>A map run's map: cells, coverage, a sample of device tracks and the handover points.</summary>
    public const string MapPlot = "map.png";

    /// <summary>A map run's gain ratio per cell.</summary>
    public const string CellGainsPlot = "cells.png";

    /// <summary>An experiment's report.</summary>
    public const string ReportFile = "report.md";

    /// <summary>A series of runs' table (<c>simulate --seeds</c>), beside a folder per run.</summary>
    public const string RunsFile = "runs.csv";

    /// <summary>A run's figures, as PNG; each may have its SVG beside it (<c>ddlo.results.figures.svg</c>).</summary>
    public static IReadOnlyList<string> Plots { get; } = [ConvergencePlot, LossPlot, PoliciesPlot, QueuesPlot, EnergyPlot, MapPlot, CellGainsPlot];

    /// <summary>Every file a ddlo run or experiment may leave at a folder's top level: what <c>--force</c> removes.</summary>
    public static IReadOnlyList<string> RunFiles { get; } =
    [
        LogFile, StepsFile, CellsFile, DecisionsFile, SummaryFile, ScenarioFile, CheckpointFile, ReportFile, RunsFile,
        .. Plots.SelectMany(plot => new[] { plot, Path.ChangeExtension(plot, ".svg") }),
    ];
}
