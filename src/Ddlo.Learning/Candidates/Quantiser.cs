namespace Ddlo.Learning.Candidates;

/// <summary>How a network's relaxed output becomes binary candidate decisions (<c>ddlo.learning.quantiser</c>).</summary>
public enum Quantiser
{
    /// <summary>The paper's: one candidate per network, offload where the logit is &gt; 0.</summary>
    Threshold,

    /// <summary>DROO's order-preserving quantiser: the threshold candidate plus candidates thresholding at the outputs closest to 0.5.</summary>
    OrderPreserving,

    /// <summary>LyDROO's: the order-preserving candidates of the output, plus as many of the output (the sigmoid, in (0, 1)) plus N(0, 1) noise.</summary>
    NoisyOrderPreserving,
}
