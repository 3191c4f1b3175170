namespace Ddlo.Cli.Experiments;

/// <summary>One kind of experiment: how many runs a plan makes, and how it runs them into a CSV, a figure and claims.</summary>
internal interface IExperiment
{
    ExperimentKind Kind { get; }

    int RunCount(ExperimentPlan plan);

    /// <summary>Runs the plan, writing into <paramref name="directory"/>; <paramref name="runDone"/> is called after each run.</summary>
    Task<ExperimentResult> RunAsync(ExperimentPlan plan, string directory, Action runDone, CancellationToken cancellationToken);
}
