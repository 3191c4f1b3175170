namespace Ddlo.Learning.Networks;

/// <summary>
/// Maps task sizes in MB linearly from the scenario's workload range onto [-scale, +scale], so the networks see
/// centred inputs of a chosen magnitude whatever the units or the range.
/// </summary>
/// <remarks>
/// The magnitude matters for DDLO: its only exploration is the disagreement between K small, freshly initialised
/// networks, and a larger input spread makes their first decisions sharper functions of the input, and more
/// different from one another. On the published data set a scale of 100 (which, for 10..30 MB, equals the
/// published d * 10 - 200) reaches a test gain ratio of about 0.995 with K = 5; a scale of 1 stalls near 0.97.
/// </remarks>
public sealed class InputNormalizer
{
    private readonly double centre;
    private readonly double factor;

    public InputNormalizer(double minMb, double maxMb, double scale = 1)
    {
        if (!double.IsFinite(minMb) || !double.IsFinite(maxMb) || maxMb < minMb)
        {
            throw new ArgumentException($"The workload range must satisfy min <= max, got {minMb}..{maxMb}.", nameof(minMb));
        }

        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentException($"The input scale must be a finite number > 0, got {scale}.", nameof(scale));
        }

        MinMb = minMb;
        MaxMb = maxMb;
        Scale = scale;
        centre = (minMb + maxMb) / 2;
        factor = scale / Math.Max((maxMb - minMb) / 2, 1e-9);
    }

    private InputNormalizer(double factor)
    {
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentException($"The input factor must be a finite number > 0, got {factor}.", nameof(factor));
        }

        (centre, this.factor, Scale) = (0, factor, 1);
        (MinMb, MaxMb) = (-1 / factor, 1 / factor);
    }

    /// <summary>Inputs are the reported values times <paramref name="factor"/>, uncentred (DROO's channel gains times 1e6).</summary>
    public static InputNormalizer Times(double factor) => new(factor);

    /// <summary>The size that maps to 0: sizes are normalised as (size - Centre) * Factor.</summary>
    public double Centre => centre;

    /// <summary>What a size's distance from <see cref="Centre"/> is multiplied by.</summary>
    public double Factor => factor;

    public double MinMb { get; }

    public double MaxMb { get; }

    /// <summary>The magnitude of the range's ends after normalisation.</summary>
    public double Scale { get; }

    public void Normalize(ReadOnlySpan<double> sizes, Span<float> into)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            into[i] = (float)((sizes[i] - centre) * factor);
        }
    }

    public void Normalize(ReadOnlySpan<float> sizes, Span<float> into)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            into[i] = (float)((sizes[i] - centre) * factor);
        }
    }
}
