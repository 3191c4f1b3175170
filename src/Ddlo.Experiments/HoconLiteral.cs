using System.Text.RegularExpressions;
using Akka.Configuration.Hocon;

namespace Ddlo.Experiments;

/// <summary>A value of an experiment file (a swept value, a grid value) as the HOCON literal a run's override sets.</summary>
internal static partial class HoconLiteral
{
    /// <summary>A list as [a, b], a number or plain word as it is, any other word quoted.</summary>
    public static string Of(HoconValue value) => value.IsArray()
        ? $"[{string.Join(", ", value.GetArray().Select(Of))}]"
        : Plain().IsMatch(value.GetString()) ? value.GetString() : $"\"{value.GetString().Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    [GeneratedRegex("^[A-Za-z0-9._+-]+$")]
    private static partial Regex Plain();
}
