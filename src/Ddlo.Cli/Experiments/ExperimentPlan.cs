using System.Collections.Immutable;

namespace Ddlo.Cli.Experiments;

/// <summary>
/// One experiment as an experiment file states it (see <c>hocon/experiments/</c>): a base scenario, the key it
/// sweeps and the values, the policies compared, how many seeds, and the overrides that apply to every run.
/// </summary>
/// <param name="Name">The file's name without .conf: the results subfolder and the file names.</param>
/// <param name="Title">The figure's title.</param>
/// <param name="Kind">What is measured.</param>
/// <param name="BaseScenario">Scenario file of every run (null: the embedded defaults).</param>
/// <param name="SweepKey">The swept setting (a ddlo key).</param>
/// <param name="Values">The swept values, as HOCON literals.</param>
/// <param name="Policies">Policies compared (energy); ddlo for convergence.</param>
/// <param name="Repetitions">Runs per value, with seeds 1..Repetitions.</param>
/// <param name="Steps">Learning steps per run (convergence, energy, platforms) or timed decisions (timing).</param>
/// <param name="Overrides">key=value pairs applied to every run.</param>
/// <param name="Platforms">Platforms measured (platforms kind): single, cluster-1, cluster-2, cluster-3.</param>
/// <param name="OneCore">Also measure every platform limited to one core (taskset).</param>
public sealed record ExperimentPlan(
    string Name,
    string Title,
    ExperimentKind Kind,
    string? BaseScenario,
    string SweepKey,
    ImmutableArray<string> Values,
    ImmutableArray<string> Policies,
    int Repetitions,
    long Steps,
    ImmutableArray<string> Overrides,
    ImmutableArray<Platform> Platforms,
    bool OneCore)
{
    /// <summary>What a timing experiment times: inference (per decision) or training (per round).</summary>
    public TimingMeasure Measure { get; init; } = TimingMeasure.Inference;

    /// <summary>The experiment file, as a path relative to the working directory.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>Whether the file's quick profile was applied.</summary>
    public bool Quick { get; init; }

    /// <summary>The swept key's last part, to label axes and tables (dnn-count, alpha, ...).</summary>
    public string SweepLabel => SweepKey[(SweepKey.LastIndexOf('.') + 1)..];

    /// <summary>The overrides of one run: the plan's own, the swept value and the seed, then <paramref name="extra"/>.</summary>
    public IReadOnlyList<string> RunOverrides(string value, int repetition, params string[] extra) =>
    [
        .. Overrides,
        $"{SweepKey}={value}",
        $"ddlo.run.seed={repetition}",
        .. extra,
    ];

    /// <summary>The overrides of a learning run of <see cref="Steps"/> steps.</summary>
    public IReadOnlyList<string> LearningRunOverrides(string value, int repetition, params string[] extra) =>
        RunOverrides(value, repetition, [$"ddlo.run.steps={Steps}", .. extra]);
}
