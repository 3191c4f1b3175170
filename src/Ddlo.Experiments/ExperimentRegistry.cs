using System.Collections.Immutable;

namespace Ddlo.Experiments;

/// <summary>
/// The kinds of experiment a run can name: <see cref="Default"/> holds the built-in ones, and
/// <see cref="With"/> adds a user's own (a new kind is one class and this one call).
/// </summary>
public sealed class ExperimentRegistry
{
    private readonly ImmutableList<IExperiment> kinds;

    private ExperimentRegistry(ImmutableList<IExperiment> kinds) => this.kinds = kinds;

    /// <summary>The built-in kinds: convergence, energy, timing, platforms, scale, droo, lydroo, sweep.</summary>
    public static ExperimentRegistry Default { get; } = new ExperimentRegistry([])
        .With(new ConvergenceExperiment())
        .With(new EnergyExperiment())
        .With(new TimingExperiment())
        .With(new PlatformExperiment())
        .With(new ScaleExperiment())
        .With(new DrooExperiment())
        .With(new LydrooExperiment())
        .With(new SweepExperiment())
        .With(new MapExperiment());

    /// <summary>The names experiment files use, in the order they were registered.</summary>
    public IReadOnlyList<string> Names => [.. kinds.Select(k => k.Kind)];

    /// <summary>Every registered kind, in the order they were registered.</summary>
    public IReadOnlyList<IExperiment> Kinds => kinds;

    /// <summary>This registry and <paramref name="experiment"/>; a kind of the same name is replaced in its place.</summary>
    public ExperimentRegistry With(IExperiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        int index = kinds.FindIndex(k => k.Kind == experiment.Kind);
        return new ExperimentRegistry(index < 0 ? kinds.Add(experiment) : kinds.SetItem(index, experiment));
    }

    /// <summary>The kind named <paramref name="kind"/>, if registered.</summary>
    public bool TryGet(string kind, out IExperiment experiment)
    {
        experiment = kinds.Find(k => k.Kind == kind)!;
        return experiment is not null;
    }

    /// <summary>The kind named <paramref name="kind"/>.</summary>
    public IExperiment For(string kind) =>
        TryGet(kind, out var experiment) ? experiment : throw new ArgumentException($"unknown experiment kind '{kind}'; expected one of {string.Join(" | ", Names)}", nameof(kind));
}
