namespace Ddlo.Actors.Messages;

/// <summary>An offloading DNN k, 0-based.</summary>
public readonly record struct DnnId(int Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
