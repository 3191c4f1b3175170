using TorchSharp;
using static TorchSharp.torch;

namespace Ddlo.Learning.Networks;

/// <summary>A float tensor in a checkpoint: its element count, then its values.</summary>
internal static class TensorIo
{
    public static void Write(BinaryWriter writer, Tensor tensor)
    {
        float[] values = tensor.data<float>().ToArray();
        writer.Write(values.Length);
        foreach (float value in values)
        {
            writer.Write(value);
        }
    }

    /// <summary>Reads values written by <see cref="Write"/> into <paramref name="tensor"/>, which must hold as many.</summary>
    /// <exception cref="InvalidDataException">The saved tensor has another size; <paramref name="what"/> names it.</exception>
    public static void ReadInto(BinaryReader reader, Tensor tensor, string what)
    {
        int count = reader.ReadInt32();
        if (count != tensor.numel())
        {
            throw new InvalidDataException($"The saved {what} has {count} values for a tensor of {tensor.numel()}.");
        }

        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = reader.ReadSingle();
        }

        using var noGrad = torch.no_grad();
        using var saved = torch.tensor(values, tensor.shape);
        tensor.copy_(saved);
    }
}
