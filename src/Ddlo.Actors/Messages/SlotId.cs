namespace Ddlo.Actors.Messages;

/// <summary>A time slot (learning step), 0-based.</summary>
public readonly record struct SlotId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
