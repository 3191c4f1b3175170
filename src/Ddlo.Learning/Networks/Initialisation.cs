namespace Ddlo.Learning.Networks;

/// <summary>How an offloading network's first weights are drawn.</summary>
public enum Initialisation
{
    /// <summary>The published DDLO networks': weights ~ N(0, 1 / network inputs), biases 0.</summary>
    Ddlo,

    /// <summary>PyTorch's default for a linear layer (weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))), which the DROO and LyDROO authors' code keeps.</summary>
    PyTorch,
}
