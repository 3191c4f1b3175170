namespace Ddlo.Learning.Candidates;

/// <summary>
/// Turns one network's logits into binary candidate decisions. The quantisers work on logits, not on sigmoid
/// outputs: the sigmoid preserves order and maps 0 to 0.5, so every comparison is the same, and no rounding of the
/// sigmoid near 0.5 can merge two outputs into a tie.
/// </summary>
public static class CandidateQuantiser
{
    /// <summary>
    /// The standard deviation of the noise <see cref="Quantiser.NoisyOrderPreserving"/> adds to the network's output (the
    /// sigmoid of each logit, in (0, 1)), as LyDROO's code does: with a spread this wide against the output's range, the
    /// noisy half of the candidates explores well away from the network's own choice, leaning to offloading.
    /// </summary>
    public const double NoiseStandardDeviation = 1.0;

    /// <summary>
    /// Candidates <paramref name="quantiser"/> makes from one network of <paramref name="outputs"/> outputs when asked for
    /// <paramref name="count"/>: at most one per output (the threshold one and one per pivot but the last).
    /// </summary>
    public static int CandidatesFor(Quantiser quantiser, int count, int outputs) => quantiser switch
    {
        Quantiser.Threshold => 1,
        Quantiser.OrderPreserving => Math.Min(count, outputs),
        _ => 2 * Math.Min(count, outputs),
    };

    /// <summary>
    /// Writes the candidates, one after the other (each <c>logits.Length</c> bits), into a fresh array; the first is
    /// always the threshold candidate.
    /// </summary>
    /// <param name="logits">The network's N*M logits for the slot.</param>
    /// <param name="quantiser">Which quantiser.</param>
    /// <param name="count">Candidates wanted from the (unperturbed) output; the threshold quantiser always gives 1.</param>
    /// <param name="noise">Draws the Gaussian noise of the noisy quantiser (unused by the others).</param>
    public static bool[] Generate(ReadOnlySpan<float> logits, Quantiser quantiser, int count, Random? noise = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        int width = logits.Length;
        int candidates = CandidatesFor(quantiser, count, width);
        var bits = new bool[candidates * width];
        if (quantiser == Quantiser.Threshold)
        {
            Threshold(logits, bits);
            return bits;
        }

        int perOutput = Math.Min(count, width);
        OrderPreserving(logits, perOutput, bits.AsSpan(0, perOutput * width));
        if (quantiser == Quantiser.NoisyOrderPreserving)
        {
            ArgumentNullException.ThrowIfNull(noise);
            var perturbed = new float[width];
            for (int i = 0; i < width; i++)
            {
                // sigmoid(p + z) > 0.5 exactly when p + z > 0, and |sigmoid(p + z) - 0.5| orders as |p + z|: the
                // perturbed outputs can be quantised as logits.
                perturbed[i] = (float)((1 / (1 + Math.Exp(-logits[i]))) + (NoiseStandardDeviation * Gaussian(noise)));
            }

            OrderPreserving(perturbed, perOutput, bits.AsSpan(perOutput * width));
        }

        return bits;
    }

    /// <summary>
    /// The rank of candidate <paramref name="index"/> of a network asked for <paramref name="count"/>: its pivot's place
    /// among the outputs closest to 0.5 (0: the threshold candidate). The noisy quantiser's second half repeats the
    /// ranks of the first, so the adaptive count follows the rank that won, not the position.
    /// </summary>
    public static int Rank(int index, int count, int outputs) => index % Math.Max(1, Math.Min(count, outputs));

    /// <summary>x = [logit &gt; 0].</summary>
    public static void Threshold(ReadOnlySpan<float> logits, Span<bool> decision)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            decision[i] = logits[i] > 0;
        }
    }

    /// <summary>
    /// DROO's order-preserving quantiser (Huang, Bi and Zhang, eqs. 8 and 9): candidate 1 is the threshold decision;
    /// candidate k + 1 thresholds at the k-th output closest to 0.5 (ties to the lower index). An output above 0.5
    /// is itself set to 0 (offload where strictly above it); one at or below 0.5 is set to 1 (offload where at or
    /// above it). The candidates keep the order of the outputs: a task offloaded by one is offloaded by every
    /// candidate with a lower threshold.
    /// </summary>
    public static void OrderPreserving(ReadOnlySpan<float> logits, int count, Span<bool> candidates)
    {
        int width = logits.Length;
        Threshold(logits, candidates[..width]);
        if (count <= 1)
        {
            return;
        }

        // The count - 1 pivots are the outputs closest to 0 (0.5 after the sigmoid), in a stable order: ties keep the
        // lower index first. Only those few are wanted, so they are kept in a short sorted list in one pass over the
        // outputs, not found by sorting every output (at N = 1000 a sort of 3,000 was a third of the decision).
        int pivots = Math.Min(count - 1, width);
        Span<int> order = pivots <= MaxStackPivots ? stackalloc int[pivots] : new int[pivots];
        int kept = 0;
        for (int i = 0; i < width; i++)
        {
            // i comes after every index kept so far: it goes after those as close as it is.
            int at = kept;
            while (at > 0 && Closer(logits[i], logits[order[at - 1]]))
            {
                at--;
            }

            if (at >= pivots)
            {
                continue;
            }

            int last = Math.Min(kept, pivots - 1);
            for (int j = last; j > at; j--)
            {
                order[j] = order[j - 1];
            }

            order[at] = i;
            kept = Math.Min(kept + 1, pivots);
        }

        for (int k = 1; k < count; k++)
        {
            float pivot = logits[order[k - 1]];
            var candidate = candidates.Slice(k * width, width);
            for (int i = 0; i < width; i++)
            {
                candidate[i] = pivot > 0 ? logits[i] > pivot : logits[i] >= pivot;
            }
        }
    }

    /// <summary>The most pivots kept on the stack (a few hundred bytes); more go to the heap.</summary>
    private const int MaxStackPivots = 64;

    /// <summary>Whether output <paramref name="a"/> is strictly closer to 0 than <paramref name="b"/>, as <see cref="float.CompareTo(float)"/> orders their distances.</summary>
    private static bool Closer(float a, float b)
    {
        float da = Math.Abs(a);
        float db = Math.Abs(b);
        return da != db && da.CompareTo(db) < 0;
    }

    /// <summary>A standard normal draw (Box–Muller, two uniform draws) from a seeded, checkpointable stream.</summary>
    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
