using System.Collections.Immutable;
using System.Globalization;

namespace Ddlo.Experiments;

/// <summary>
/// One experiment as an experiment file states it (see <c>hocon/experiments/</c>): a base scenario, the key it
/// sweeps and the values, the policies compared, how many seeds, and the overrides that apply to every run. The
/// init-only properties are the options of one kind each, which that kind reads (<see cref="IExperiment.Configure"/>).
/// </summary>
/// <param name="Name">The file's name without .conf: the results subfolder and the file names.</param>
/// <param name="Title">The figure's title.</param>
/// <param name="Kind">What is measured: the <see cref="IExperiment.Kind"/> that runs it.</param>
/// <param name="BaseScenario">Scenario file of every run (null: the embedded defaults).</param>
/// <param name="SweepKey">The swept setting (a ddlo key).</param>
/// <param name="Values">The swept values, as HOCON literals.</param>
/// <param name="Policies">Policies compared (energy); ddlo for convergence.</param>
/// <param name="Repetitions">Runs per value, with seeds 1..Repetitions.</param>
/// <param name="Steps">Learning steps per run (convergence, energy, platforms) or timed decisions (timing).</param>
/// <param name="Overrides">key=value pairs applied to every run.</param>
public sealed record ExperimentPlan(
    string Name,
    string Title,
    string Kind,
    string? BaseScenario,
    string SweepKey,
    ImmutableArray<string> Values,
    ImmutableArray<string> Policies,
    int Repetitions,
    long Steps,
    ImmutableArray<string> Overrides)
{
    /// <summary>Platforms measured (platforms kind): single, cluster-1, cluster-2, cluster-3.</summary>
    public ImmutableArray<Platform> Platforms { get; init; } = [];

    /// <summary>Also measure every platform limited to one core (platforms kind, taskset).</summary>
    public bool OneCore { get; init; }

    /// <summary>What a timing experiment times: inference (per decision) or training (per round).</summary>
    public TimingMeasure Measure { get; init; } = TimingMeasure.Inference;

    /// <summary>The experiment file, as a path relative to the working directory.</summary>
    public string File { get; init; } = string.Empty;

    /// <summary>How the experiment's figures are drawn (the file's <c>figures { }</c>).</summary>
    public Ddlo.Actors.Configuration.FigureSettings Figures { get; init; } = Ddlo.Actors.Configuration.FigureSettings.Default;

    /// <summary>
    /// Where the plan's independent simulations run: this process's cores (the default), or a cluster's nodes
    /// (<see cref="Ddlo.Actors.Farm.RunFarmPool"/>). Where they run changes no number.
    /// </summary>
    public Ddlo.Actors.Simulation.ISimulationPool Simulations { get; init; } = Ddlo.Actors.Simulation.LocalSimulations.Instance;

    /// <summary>Whether the file's quick profile was applied.</summary>
    public bool Quick { get; init; }

    /// <summary>
    /// Named sets of overrides every swept value is run with: the learner designs a scale experiment compares, or a
    /// sweep experiment's grid points.
    /// </summary>
    public ImmutableArray<Design> Designs { get; init; } = [];

    /// <summary>Whether each swept value takes only the design at its own place (a sweep with <c>combine = zip</c>), not every one.</summary>
    public bool ZipDesigns { get; init; }

    /// <summary>The keys of a sweep experiment's grid, in the file's order (their values are in <see cref="Designs"/>).</summary>
    public ImmutableArray<string> GridKeys { get; init; } = [];

    /// <summary>Learning steps for each swept value, in the order of <see cref="Values"/> (empty: <see cref="Steps"/> for all).</summary>
    public ImmutableArray<long> StepsPerValue { get; init; } = [];

    /// <summary>
    /// Keys set, in every run, to a figure times the swept number of devices (a scale experiment's
    /// <c>per-device { ddlo.system.uplink-mbps = 50 }</c>): the system grows with N as a whole.
    /// </summary>
    public ImmutableArray<(string Key, double PerDevice)> PerDevice { get; init; } = [];

    /// <summary>The swept value whose convergence a scale experiment plots (the nearest one swept).</summary>
    public string? ConvergenceAt { get; init; }

    /// <summary>A data set the experiment learns on (droo: the WPMEC data set of its convergence runs).</summary>
    public string? Dataset { get; init; }

    /// <summary>Frames of each timed run (droo: per number of devices).</summary>
    public long TimingSteps { get; init; }

    /// <summary>Mean arrivals per device and frame (Mbit) a lydroo experiment sweeps towards instability.</summary>
    public ImmutableArray<string> ArrivalRates { get; init; } = [];

    /// <summary>A folder of the authors' own runs to compare with (lydroo: seed-N.csv.gz and timing.csv).</summary>
    public string? Upstream { get; init; }

    /// <summary>What results call each policy of <see cref="Policies"/> that is not its own word: a plug-in policy its Name, however the file named it.</summary>
    public ImmutableDictionary<string, string> PolicyNames { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The name results give <paramref name="policy"/> (a policy of <see cref="Policies"/>).</summary>
    public string NameOf(string policy) => PolicyNames.GetValueOrDefault(policy, policy);

    /// <summary>The learning steps of a run at <paramref name="value"/>.</summary>
    public long StepsFor(string value) => StepsPerValue.IsEmpty ? Steps : StepsPerValue[Values.IndexOf(value)];

    /// <summary>The swept key's last part, to label axes and tables (dnn-count, alpha, ...).</summary>
    public string SweepLabel => SweepKey[(SweepKey.LastIndexOf('.') + 1)..];

    /// <summary>The overrides of one run: the plan's own, the swept value and the seed, then <paramref name="extra"/>.</summary>
    public IReadOnlyList<string> RunOverrides(string value, int repetition, params string[] extra) =>
    [
        .. Overrides,
        $"{SweepKey}={value}",
        .. PerDevice.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.PerDevice * double.Parse(value, CultureInfo.InvariantCulture)}")),
        $"ddlo.run.seed={repetition}",
        .. extra,
    ];

    /// <summary>The overrides of a learning run of <see cref="StepsFor"/> steps.</summary>
    public IReadOnlyList<string> LearningRunOverrides(string value, int repetition, params string[] extra) =>
        RunOverrides(value, repetition, [$"ddlo.run.steps={StepsFor(value)}", .. extra]);
}

/// <summary>A named set of overrides (a scale experiment's learner design, a sweep's grid point): its name in tables and plots, and the overrides.</summary>
public sealed record Design(string Name, ImmutableArray<string> Overrides);
