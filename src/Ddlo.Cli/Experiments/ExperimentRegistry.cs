namespace Ddlo.Cli.Experiments;

/// <summary>
/// Every kind of experiment, by its kind and by the name an experiment file gives it. A new kind takes four edits: its
/// value in <see cref="ExperimentKind"/>, its <see cref="IExperiment"/>, its entry here, and its plan checks in
/// <see cref="ExperimentFile"/>.
/// </summary>
internal static class ExperimentRegistry
{
    private static readonly IExperiment[] All = [new ConvergenceExperiment(), new EnergyExperiment(), new TimingExperiment(), new PlatformExperiment(), new ScaleExperiment(), new DrooExperiment(), new LydrooExperiment()];

    /// <summary>The names experiment files use (<c>kind = convergence</c>), lower case.</summary>
    public static IReadOnlyDictionary<string, ExperimentKind> Names { get; } =
        All.ToDictionary(e => e.Kind.ToString().ToLowerInvariant(), e => e.Kind, StringComparer.Ordinal);

    public static IExperiment For(ExperimentKind kind) => All.Single(e => e.Kind == kind);
}
