using static TorchSharp.torch;

namespace Ddlo.Learning.Networks;

/// <summary>An in-memory copy of a network's weights (one detached tensor per parameter), reused between snapshots.</summary>
public sealed class WeightSnapshot(Tensor[] tensors) : IDisposable
{
    internal Tensor[] Tensors { get; } = tensors;

    public void Dispose()
    {
        foreach (var tensor in Tensors)
        {
            tensor.Dispose();
        }
    }
}
