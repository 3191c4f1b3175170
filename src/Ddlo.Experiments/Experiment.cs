using System.Diagnostics;

namespace Ddlo.Experiments;

/// <summary>
/// An experiment kind in three steps, each usable alone: <see cref="MeasureAsync"/> runs the simulations and returns
/// the kind's typed results, <see cref="Claims"/> judges them (a pure function of the results), and
/// <see cref="Write"/> turns them into the CSV, the figures and the table of the report. A program that wants the
/// numbers rather than the files calls <see cref="MeasureAsync"/> and reads <typeparamref name="TResults"/>.
/// </summary>
/// <typeparam name="TResults">What one run of the plan measured.</typeparam>
public abstract class Experiment<TResults> : IExperiment
    where TResults : class
{
    public abstract string Kind { get; }

    public virtual IReadOnlyDictionary<string, bool> OptionKeys { get; } = new Dictionary<string, bool>();

    public virtual ExperimentPlan Configure(ExperimentPlan plan, ExperimentOptions options) => plan;

    public abstract int RunCount(ExperimentPlan plan);

    /// <summary>Runs the plan's simulations and measurements, writing nothing; <paramref name="runDone"/> is called after each run.</summary>
    public abstract Task<TResults> MeasureAsync(ExperimentPlan plan, Action runDone, CancellationToken cancellationToken);

    /// <summary>The claims (published or the project's own targets) judged on <paramref name="results"/>.</summary>
    public abstract IEnumerable<Claim> Claims(ExperimentPlan plan, TResults results);

    /// <summary>Writes the results' CSV files and figures into <paramref name="directory"/>, and gives the report's table.</summary>
    public abstract ExperimentOutput Write(ExperimentPlan plan, TResults results, string directory);

    public async Task<ExperimentResult> RunAsync(ExperimentPlan plan, string directory, Action runDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var clock = Stopwatch.StartNew();
        var results = await MeasureAsync(plan, runDone, cancellationToken).ConfigureAwait(false);
        var output = Write(plan, results, directory);
        return new ExperimentResult(plan, output.Csv, output.Figure, output.Table, [.. Claims(plan, results)], clock.Elapsed)
        {
            MoreFiles = output.MoreFiles,
            Measurements = results,
        };
    }
}
