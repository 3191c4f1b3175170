namespace Ddlo.Core.Systems;

/// <summary>
/// What the models' arithmetic can hold: every constant and every report a model computes with is 0 or of a size
/// within [1e-100, 1e100], so that a product or ratio of three such values (the models multiply a handful) stays
/// within a double's range (1e-308 to 1e308), finite and, unless a factor is 0, non-zero. Values beyond are refused
/// where they are read, naming them, instead of turning into Infinity or NaN results.
/// </summary>
public static class NumericRange
{
    /// <summary>The largest size a value may have.</summary>
    public const double Max = 1e100;

    /// <summary>The smallest size a non-zero value may have.</summary>
    public const double Min = 1e-100;

    /// <summary>Whether <paramref name="value"/> is finite and 0 or of a size within [<see cref="Min"/>, <see cref="Max"/>].</summary>
    public static bool Holds(double value) => value == 0 || (Math.Abs(value) >= Min && Math.Abs(value) <= Max);
}
