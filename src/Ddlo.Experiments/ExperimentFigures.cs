using System.Globalization;
using Akka.Configuration;
using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments;

/// <summary>An experiment file's <c>figures { width, height, titles, svg }</c>, with reference.conf's <c>ddlo.results.figures</c> defaults.</summary>
internal static class ExperimentFigures
{
    public const string Key = "figures";

    private static readonly string[] Keys = ["width", "height", "titles", "svg"];

    public static FigureSettings Read(string path, Config config)
    {
        var defaults = FigureSettings.Default;
        if (!config.HasPath(Key))
        {
            return defaults;
        }

        var value = config.GetValue(Key);
        if (!value.IsObject())
        {
            throw Error(path, Key, "expected a block such as figures { width = 1200, titles = off }");
        }

        var block = config.GetConfig(Key);
        foreach (string unknown in value.GetObject().Items.Keys.Where(key => !Keys.Contains(key)))
        {
            throw Error(path, $"{Key}.{unknown}", $"unknown key; figures takes {string.Join(", ", Keys)}");
        }

        return new FigureSettings(
            Side(path, block, "width", defaults.Width),
            Side(path, block, "height", defaults.Height),
            Switch(path, block, "titles", defaults.Titles),
            Switch(path, block, "svg", defaults.Svg));
    }

    private static int Side(string path, Config block, string key, int fallback)
    {
        if (!block.HasPath(key))
        {
            return fallback;
        }

        string text = block.GetString(key);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int side) && side is >= FigureSettings.MinSide and <= FigureSettings.MaxSide
            ? side
            : throw Error(path, $"{Key}.{key}", $"expected a whole number of pixels in [{FigureSettings.MinSide}, {FigureSettings.MaxSide}], got '{text}'");
    }

    private static bool Switch(string path, Config block, string key, bool fallback) =>
        !block.HasPath(key) ? fallback : block.GetString(key) switch
        {
            "on" => true,
            "off" => false,
            var text => throw Error(path, $"{Key}.{key}", $"expected on | off, got '{text}'"),
        };

    private static ScenarioException Error(string path, string key, string problem) => ScenarioException.For(path, "experiment." + key, problem);
}
