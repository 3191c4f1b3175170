namespace Ddlo.Learning.Networks;

/// <summary>What one offloading DNN maps (<c>ddlo.learning.architecture</c>).</summary>
public enum NetworkArchitecture
{
    /// <summary>The paper's: the whole slot's N*M sizes in, N*M logits out. Its size grows with N.</summary>
    Full,

    /// <summary>
    /// One network shared by every device: a device's own M sizes and the slot's mean size in, its M logits out, applied
    /// to each of the N devices as one batch. Its size does not depend on N.
    /// </summary>
    PerDevice,
}
