using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Data;

/// <summary>Scores a policy on every row of a reference data set against the row's recorded optimum.</summary>
public static class DatasetEvaluator
{
    public static DatasetEvaluation Evaluate(ReferenceDataset dataset, IOffloadingPolicy policy, ISystemModel model)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(model);

        double gainSum = 0, qSum = 0, minGain = double.PositiveInfinity, maxError = 0;
        int worstLine = 0, aboveOptimum = 0, firstAbove = 0;
        foreach (var row in dataset.Rows)
        {
            double q = model.Value(row.Workload, policy.Decide(row.Workload));
            double gain = model.Objective.GainRatio(q, row.OptimalQ);
            if (!double.IsFinite(q) || !double.IsFinite(gain))
            {
                // No figure that is not finite is reported: the row that produced it is named instead.
                throw new DatasetFormatException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{dataset.Source}:{row.Line}: {policy.Name}'s decision has {model.ValueName} {q} and gain ratio {gain}, not finite numbers: the row's values go beyond what the model's arithmetic holds."));
            }
            double error = Math.Abs(q - row.OptimalQ) / row.OptimalQ;
            gainSum += gain;
            qSum += q;
            minGain = Math.Min(minGain, gain);
            if (gain > 1 + AboveOptimumTolerance(dataset))
            {
                aboveOptimum++;
                firstAbove = firstAbove == 0 ? row.Line : firstAbove;
            }

            if (error > maxError || worstLine == 0)
            {
                maxError = Math.Max(maxError, error);
                worstLine = row.Line;
            }
        }

        int rows = dataset.Rows.Length;
        return new DatasetEvaluation(policy.Name, rows, gainSum / rows, minGain, qSum / rows, maxError, worstLine)
        {
            RowsAboveOptimum = aboveOptimum,
            FirstLineAboveOptimum = firstAbove,
        };
    }

    /// <summary>
    /// A gain ratio above 1 + this says the row's q_opt is not the optimum: beyond rounding (1e-9), and beyond the file's
    /// own measured imprecision (<see cref="ReferenceDataset.Imprecision"/>).
    /// </summary>
    public static double AboveOptimumTolerance(ReferenceDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Math.Max(1e-9, dataset.Imprecision);
    }

    /// <summary>The warning a user sees when a policy beats a file's "optimum": its q_opt values are not optimal for this scenario.</summary>
    public static string AboveOptimumWarning(string file, int rows, int firstLine) =>
        $"warning: {file}: {rows} row(s) score a gain ratio above 1 (first at line {firstLine}): the file's q_opt is not the optimum of this scenario, so its gain ratios overstate the policy.";
}
