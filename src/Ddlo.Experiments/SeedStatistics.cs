using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>Summaries over the seeds of an experiment, each saying what it is.</summary>
public static class SeedStatistics
{
    /// <summary>How the reports write a figure over seeds; each report states it under its table.</summary>
    public const string Legend = "Over several seeds a cell reads mean ± sample standard deviation [95 % confidence interval of the mean, Student's t]; over one seed, the value alone; — where it was not measured.";

    /// <summary>Mean, min and max of each position over equally long curves (one per seed).</summary>
    public static (double[] Mean, double[] Low, double[] High) Band(IReadOnlyList<double[]> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        int n = curves.Min(c => c.Length);
        var mean = new double[n];
        var low = new double[n];
        var high = new double[n];
        for (int i = 0; i < n; i++)
        {
            var values = curves.Select(c => c[i]).ToArray();
            (mean[i], low[i], high[i]) = (values.Mean(), values.Min(), values.Max());
        }

        return (mean, low, high);
    }

    /// <summary>
    /// The 95 % confidence interval of the mean of <paramref name="values"/> (Student's t with n - 1 degrees of
    /// freedom): the mean ± t(0.975, n - 1) s / sqrt(n). NaN bounds for fewer than two values.
    /// </summary>
    public static (double Mean, double Low, double High) ConfidenceInterval(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double mean = values.Mean();
        if (values.Count < 2)
        {
            return (mean, double.NaN, double.NaN);
        }

        double half = StudentT.InvCDF(0, 1, values.Count - 1, 0.975) * values.StandardDeviation() / Math.Sqrt(values.Count);
        return (mean, mean - half, mean + half);
    }

    /// <summary>A table cell: the mean, and over several seeds its sample standard deviation and 95 % confidence interval (<see cref="Legend"/>).</summary>
    public static string MeanAndSpread(IEnumerable<double> values, string format)
    {
        ArgumentNullException.ThrowIfNull(values);
        var array = values.ToArray();
        string Text(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        // A figure that was not measured (a run not scored against the optimum) is shown as such, not as NaN.
        if (array.Length == 0 || array.Any(v => !double.IsFinite(v)))
        {
            return "—";
        }

        if (array.Length < 2)
        {
            return Text(array.Mean());
        }

        var (mean, low, high) = ConfidenceInterval(array);
        return $"{Text(mean)} ± {Text(array.StandardDeviation())} [{Text(low)}, {Text(high)}]";
    }
}
