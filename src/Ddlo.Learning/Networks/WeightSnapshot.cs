using static TorchSharp.torch;

namespace Ddlo.Learning.Networks;

/// <summary>An in-memory copy of a network's weights (one detached tensor per parameter), reused between snapshots.</summary>
public sealed class WeightSnapshot(Tensor[] tensors) : IDisposable
{
    internal Tensor[] Tensors { get; } = tensors;

    /// <summary>Writes every weight, tensor after tensor.</summary>
    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Tensors.Length);
        foreach (var tensor in Tensors)
        {
            TensorIo.Write(writer, tensor);
        }
    }

    /// <summary>Reads weights written by <see cref="Write"/> from a network of the same shape into this snapshot.</summary>
    /// <exception cref="InvalidDataException">The saved weights have another shape.</exception>
    public void Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int count = reader.ReadInt32();
        if (count != Tensors.Length)
        {
            throw new InvalidDataException($"The saved weights hold {count} tensors; this network has {Tensors.Length}.");
        }

        foreach (var tensor in Tensors)
        {
            TensorIo.ReadInto(reader, tensor, "weight");
        }
    }

    public void Dispose()
    {
        foreach (var tensor in Tensors)
        {
            tensor.Dispose();
        }
    }
}
