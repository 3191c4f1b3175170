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
    private int reports = int.MaxValue;
    private int rowWidth = int.MaxValue;
    private double contextFactor = 1;

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

    /// <summary>
    /// This normaliser for rows of <paramref name="reports"/> reports followed by <paramref name="contextInputs"/> context
    /// values, which are multiplied by <paramref name="factor"/> (LyDROO's queues over 1e4).
    /// </summary>
    public InputNormalizer WithContext(int reports, int contextInputs, double factor)
    {
        if (reports < 1 || contextInputs < 0)
        {
            throw new ArgumentException($"A row needs at least one report and no negative context, got {reports} and {contextInputs}.", nameof(reports));
        }

        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentException($"The context factor must be a finite number > 0, got {factor}.", nameof(factor));
        }

        var copy = (InputNormalizer)MemberwiseClone();
        (copy.reports, copy.rowWidth, copy.contextFactor) = (reports, reports + contextInputs, factor);
        return copy;
    }

    /// <summary>Reports per row before the context (int.MaxValue: no context).</summary>
    public int Reports => reports;

    /// <summary>What each context value is multiplied by.</summary>
    public double ContextFactor => contextFactor;

    /// <summary>The size that maps to 0: sizes are normalised as (size - Centre) * Factor.</summary>
    public double Centre => centre;

    /// <summary>What a size's distance from <see cref="Centre"/> is multiplied by.</summary>
    public double Factor => factor;

    public double MinMb { get; }

    public double MaxMb { get; }

    /// <summary>The magnitude of the range's ends after normalisation.</summary>
    public double Scale { get; }

    /// <summary>Normalises one or more rows: the reports as (value - Centre) * Factor, any context times its factor.</summary>
    public void Normalize(ReadOnlySpan<double> sizes, Span<float> into)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            into[i] = Map(i, sizes[i]);
        }
    }

    /// <inheritdoc cref="Normalize(ReadOnlySpan{double}, Span{float})"/>
    public void Normalize(ReadOnlySpan<float> sizes, Span<float> into)
    {
        for (int i = 0; i < sizes.Length; i++)
        {
            into[i] = Map(i, sizes[i]);
        }
    }

    private float Map(int index, double value) =>
        index % rowWidth < reports ? (float)((value - centre) * factor) : (float)(value * contextFactor);
}
