using System.Collections.Immutable;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>A convergence experiment's measurements: each run's rolling gain ratio over the learning steps.</summary>
public sealed record ConvergenceResults(ImmutableArray<ConvergenceResults.Run> Runs)
{
    /// <summary>The runs grouped by swept value, in the order of <paramref name="values"/>.</summary>
    public IReadOnlyList<ValueRuns> ByValue(IEnumerable<string> values) =>
        [.. values.Select(value => new ValueRuns(value, [.. Runs.Where(r => r.Value == value)]))];

    /// <summary>One run: its rolling gain ratio per step, its mean over the last 20 % and the rolling window.</summary>
    public sealed record Run(string Value, int Repetition, double[] Curve, double Final, int Window);

    /// <summary>The runs (seeds) of one swept value.</summary>
    public sealed record ValueRuns(string Value, IReadOnlyList<Run> Runs)
    {
        public double Final => Runs.Select(r => r.Final).Mean();

        /// <summary>The mean rolling gain ratio at <paramref name="step"/> (1-based), null past the run's end.</summary>
        public double? At(int step) => Runs.All(r => r.Curve.Length >= step) ? Runs.Select(r => r.Curve[step - 1]).Mean() : null;

        /// <summary>
        /// The first step at which the seeds' mean curve reaches <see cref="ConvergenceExperiment.Converged"/> (null if
        /// it never does), counted once the rolling window is full: a mean over the first few steps says nothing.
        /// </summary>
        public long? Reach
        {
            get
            {
                var (mean, _, _) = SeedStatistics.Band([.. Runs.Select(r => r.Curve)]);
                int from = Math.Min(Runs[0].Window, mean.Length) - 1;
                int index = Array.FindIndex(mean, from, g => g >= ConvergenceExperiment.Converged);
                return index < 0 ? null : index + 1;
            }
        }
    }
}
