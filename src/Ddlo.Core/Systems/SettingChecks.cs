using System.Globalization;

namespace Ddlo.Core.Systems;

/// <summary>The check a settings record makes of each of its values, naming the value as the parameter of its error.</summary>
internal static class SettingChecks
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose parameter name is <paramref name="name"/> and whose message is
    /// "must be <paramref name="what"/>, got <paramref name="value"/>." unless <paramref name="holds"/> (NaN never does).
    /// </summary>
    public static void Require(bool holds, string name, double value, string what)
    {
        if (!holds || double.IsNaN(value))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"must be {what}, got {value:G}."), name);
        }
    }
}
