using MathNet.Numerics.Statistics;

namespace Ddlo.Experiments;

/// <summary>Small summaries over the seeds of an experiment.</summary>
internal static class SeedStatistics
{
    /// <summary>Mean, min and max of each position over equally long curves (one per seed).</summary>
    public static (double[] Mean, double[] Low, double[] High) Band(IReadOnlyList<double[]> curves)
    {
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

    public static string MeanAndSpread(IEnumerable<double> values, string format)
    {
        var array = values.ToArray();
        string mean = array.Mean().ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return array.Length < 2 ? mean : $"{mean} ± {array.StandardDeviation().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
