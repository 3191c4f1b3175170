namespace Ddlo.Learning.Networks;

/// <summary>
/// Maps task sizes in MB linearly onto [-1, 1] using the workload range of the scenario, so the network sees
/// centred, unit-scale inputs whatever the units (the published code used the ad hoc d * 10 - 200).
/// </summary>
public sealed class InputNormalizer
{
    private readonly double centre;
    private readonly double halfRange;

    public InputNormalizer(double minMb, double maxMb)
    {
        if (!double.IsFinite(minMb) || !double.IsFinite(maxMb) || maxMb < minMb)
        {
            throw new ArgumentException($"The workload range must satisfy min <= max, got {minMb}..{maxMb}.", nameof(minMb));
        }

        MinMb = minMb;
        MaxMb = maxMb;
        centre = (minMb + maxMb) / 2;
        halfRange = Math.Max((maxMb - minMb) / 2, 1e-9);
    }

    public double MinMb { get; }

    public double MaxMb { get; }

    public void Normalize(ReadOnlySpan<double> sizes, Span<float> into)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            into[i] = (float)((sizes[i] - centre) / halfRange);
        }
    }

    public void Normalize(ReadOnlySpan<float> sizes, Span<float> into)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            into[i] = (float)((sizes[i] - centre) / halfRange);
        }
    }
}
