namespace Ddlo.Learning.Networks;

/// <summary>
/// Federated averaging of copies of one network (McMahan et al., 2017, with equal weights): each parameter becomes the
/// mean of the copies' values. The sum runs in double, copy after copy in the order given, so every caller with the
/// same copies gets the same bits.
/// </summary>
public static class WeightAveraging
{
    /// <summary>The mean of <paramref name="copies"/>, parameter by parameter (<see cref="OffloadingNetwork.ParameterValues"/>).</summary>
    /// <exception cref="ArgumentException">No copies, or copies of different sizes.</exception>
    public static float[] Mean(IReadOnlyList<float[]> copies)
    {
        ArgumentNullException.ThrowIfNull(copies);
        if (copies.Count == 0)
        {
            throw new ArgumentException("Averaging needs at least one copy.", nameof(copies));
        }

        int length = copies[0].Length;
        if (copies.Any(copy => copy.Length != length))
        {
            throw new ArgumentException($"Copies of one network hold as many parameters each; these hold {string.Join(", ", copies.Select(c => c.Length).Distinct())}.", nameof(copies));
        }

        var mean = new float[length];
        for (int i = 0; i < length; i++)
        {
            double sum = 0;
            foreach (var copy in copies)
            {
                sum += copy[i];
            }

            mean[i] = (float)(sum / copies.Count);
        }

        return mean;
    }
}
