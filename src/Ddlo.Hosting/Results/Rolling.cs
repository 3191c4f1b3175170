namespace Ddlo.Hosting.Results;

/// <summary>The one rolling window of the command line: convergence plots, policy plots and experiment curves.</summary>
public static class Rolling
{
    /// <summary>The mean of the last <paramref name="window"/> values at each position (fewer at the start).</summary>
    public static double[] Mean(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }

    /// <summary>The rolling mean with the smallest and largest value of the same window, for a band.</summary>
    public static (double[] Mean, double[] Min, double[] Max) MeanAndRange(IReadOnlyList<double> values, int window)
    {
        var mean = Mean(values, window);
        var min = new double[values.Count];
        var max = new double[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            (min[i], max[i]) = (double.PositiveInfinity, double.NegativeInfinity);
            for (int j = Math.Max(0, i - window + 1); j <= i; j++)
            {
                min[i] = Math.Min(min[i], values[j]);
                max[i] = Math.Max(max[i], values[j]);
            }
        }

        return (mean, min, max);
    }
}
