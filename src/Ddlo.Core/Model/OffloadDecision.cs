using System.Collections.Immutable;

namespace Ddlo.Core.Model;

/// <summary>
/// A binary offloading decision x: bit n * M + m is 1 when task m of device n is offloaded.
/// Written as a string of 0/1 characters in that order.
/// </summary>
public sealed class OffloadDecision : IEquatable<OffloadDecision>
{
    private OffloadDecision(ImmutableArray<bool> bits) => Bits = bits;

    public ImmutableArray<bool> Bits { get; }

    public int Length => Bits.Length;

    public bool this[int index] => Bits[index];

    /// <summary>How many tasks are offloaded.</summary>
    public int OffloadedCount => Bits.Count(b => b);

    public static OffloadDecision FromBits(IEnumerable<bool> bits)
    {
        ArgumentNullException.ThrowIfNull(bits);
        return new OffloadDecision(bits.ToImmutableArray());
    }

    /// <summary>All tasks local (x = 0) or all offloaded (x = 1).</summary>
    public static OffloadDecision Uniform(int length, bool offload) =>
        new(Enumerable.Repeat(offload, length).ToImmutableArray());

    /// <summary>Builds the decision whose bit i is bit i of <paramref name="mask"/> (length at most 64).</summary>
    public static OffloadDecision FromMask(ulong mask, int length)
    {
        if (length is < 0 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A mask holds at most 64 decisions.");
        }

        var builder = ImmutableArray.CreateBuilder<bool>(length);
        for (int i = 0; i < length; i++)
        {
            builder.Add(((mask >> i) & 1UL) != 0);
        }

        return new OffloadDecision(builder.MoveToImmutable());
    }

    /// <summary>Parses "110011011"; throws an <see cref="ArgumentException"/> naming a bad character or length.</summary>
    public static OffloadDecision Parse(string text, int expectedLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Replace(",", string.Empty, StringComparison.Ordinal).Trim();
        if (trimmed.Length != expectedLength)
        {
            throw new FormatException($"A decision needs {expectedLength} bits (N*M), got {trimmed.Length} in '{text}'.");
        }

        var builder = ImmutableArray.CreateBuilder<bool>(expectedLength);
        for (int i = 0; i < trimmed.Length; i++)
        {
            builder.Add(trimmed[i] switch
            {
                '0' => false,
                '1' => true,
                _ => throw new FormatException($"Decision bit {i} must be 0 or 1, got '{trimmed[i]}' in '{text}'."),
            });
        }

        return new OffloadDecision(builder.MoveToImmutable());
    }

    /// <summary>The offload mask of one device's M tasks (bit m set when task m is offloaded).</summary>
    public int DeviceMask(int device, int tasksPerDevice)
    {
        int mask = 0;
        int start = device * tasksPerDevice;
        for (int m = 0; m < tasksPerDevice; m++)
        {
            if (Bits[start + m])
            {
                mask |= 1 << m;
            }
        }

        return mask;
    }

    public bool Equals(OffloadDecision? other) =>
        other is not null && Bits.AsSpan().SequenceEqual(other.Bits.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as OffloadDecision);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (bool b in Bits)
        {
            hash.Add(b);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Create(Bits.Length, Bits, static (span, bits) =>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = bits[i] ? '1' : '0';
        }
    });
}
