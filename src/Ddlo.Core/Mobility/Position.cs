namespace Ddlo.Core.Mobility;

/// <summary>A point on the map, m, with its edge server at the origin.</summary>
public readonly record struct Position(double X, double Y)
{
    /// <summary>The distance to <paramref name="other"/>, m.</summary>
    public double DistanceTo(Position other) => Math.Sqrt(((X - other.X) * (X - other.X)) + ((Y - other.Y) * (Y - other.Y)));

    /// <summary>The distance to the origin, m.</summary>
    public double Distance => Math.Sqrt((X * X) + (Y * Y));
}
