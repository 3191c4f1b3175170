namespace Ddlo.Experiments;

/// <summary>
/// One kind of experiment (<c>kind = ...</c> in an experiment file): how many runs a plan makes, and how it runs them
/// into a CSV, a figure and claims. A new kind is one class implementing this and one
/// <see cref="ExperimentRegistry.With"/>.
/// </summary>
public interface IExperiment
{
    /// <summary>The name experiment files give this kind (<c>kind = convergence</c>), lower case.</summary>
    string Kind { get; }

    /// <summary>
    /// The keys of <c>experiment { }</c> this kind reads beyond those every kind reads (title, kind, base-scenario,
    /// sweep, policies, repetitions, steps, set, quick, include), each with whether a <c>quick { }</c> profile may set it.
    /// A file of another kind that sets one is refused, naming the kind that takes it.
    /// </summary>
    IReadOnlyDictionary<string, bool> OptionKeys { get; }

    /// <summary>
    /// Reads this kind's keys from <paramref name="options"/> into <paramref name="plan"/>, and checks that the plan
    /// fits the kind (what it sweeps, which policies), throwing <see cref="ExperimentOptions.Error"/> otherwise.
    /// </summary>
    ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options);

    /// <summary>How many runs the plan makes (for progress).</summary>
    int RunCount(ExperimentPlan plan);

    /// <summary>Runs the plan, writing into <paramref name="directory"/>; <paramref name="runDone"/> is called after each run.</summary>
    Task<ExperimentResult> RunAsync(ExperimentPlan plan, string directory, Action runDone, CancellationToken cancellationToken);
}
