using System.Globalization;
using Akka.Configuration;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// A scenario's akka.* keys checked where they are read, before a node writes anything: a key Akka defines must keep
/// the kind of value its default has (a block, a list, a whole number, a number), and a port must be one. Akka would
/// otherwise find out only while starting, in a stack trace.
/// </summary>
internal static class AkkaKeys
{
    private static readonly Lazy<Config> Defaults = new(() => ConfigurationFactory.Default()
        .WithFallback(ConfigurationFactory.FromResource<Akka.Remote.RemoteActorRefProvider>("Akka.Remote.Configuration.Remote.conf"))
        .WithFallback(ConfigurationFactory.FromResource<Akka.Cluster.Cluster>("Akka.Cluster.Configuration.Cluster.conf")));

    public static void Check(string source, Config layer)
    {
        foreach (string key in Scenario.LeafKeys(layer).Where(k => k.StartsWith("akka.", StringComparison.Ordinal)))
        {
            if (Problem(key, layer.GetValue(key)) is { } problem)
            {
                throw ScenarioException.For(source, key, problem);
            }
        }
    }

    private static bool IsList(Akka.Configuration.Hocon.HoconValue value) =>
        value.Values.Count > 0 && value.Values.All(part => part is Akka.Configuration.Hocon.HoconArray);

    private static string? Problem(string key, Akka.Configuration.Hocon.HoconValue value)
    {
        string text = value.IsString() ? value.GetString() : value.ToString();
        var defaults = Defaults.Value;
        if (key.EndsWith(".port", StringComparison.Ordinal) || key.EndsWith("-port", StringComparison.Ordinal))
        {
            // Akka's own bind-port default is "": the same as port.
            return (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535) || (text.Length == 0 && key.EndsWith("bind-port", StringComparison.Ordinal))
                ? null
                : $"expected a port number in [0, 65535], got '{text}'.";
        }

        if (!defaults.HasPath(key))
        {
            return null;
        }

        var standard = defaults.GetValue(key);
        if (standard.IsObject())
        {
            return $"expected a block of settings {{ ... }}, as Akka defines {key}, got '{text}'.";
        }

        // Akka's IsArray is false for an empty list, so the value's parts are asked.
        if (IsList(standard))
        {
            return IsList(value) ? null : $"expected a list [ ... ], as Akka defines {key}, got '{text}'.";
        }

        if (!standard.IsString())
        {
            return null;
        }

        string usual = standard.GetString();
        return long.TryParse(usual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? $"expected a whole number, as Akka defines {key} (default {usual}), got '{text}'."
            : double.TryParse(usual, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? $"expected a number, as Akka defines {key} (default {usual}), got '{text}'."
                : null;
    }
}
