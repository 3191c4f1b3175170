namespace Ddlo.Actors.Messages;

/// <summary>A wireless device n, 0-based.</summary>
public readonly record struct DeviceId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
