namespace Ddlo.Actors.Messages;

/// <summary>A time slot (learning step), 0-based.</summary>
public readonly record struct SlotId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A wireless device n, 0-based.</summary>
public readonly record struct DeviceId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An offloading DNN k, 0-based.</summary>
public readonly record struct DnnId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
