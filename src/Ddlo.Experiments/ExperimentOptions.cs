using System.Collections.Immutable;
using System.Globalization;
using Akka.Configuration;
using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments;

/// <summary>
/// The <c>experiment { }</c> block of one file as a kind reads its own keys from it
/// (<see cref="IExperiment.Configure"/>): a key the file's <c>quick { }</c> profile sets is read from the profile when
/// the quick profile applies; a mistake names the file and the key.
/// </summary>
public sealed class ExperimentOptions
{
    private readonly Config config;
    private readonly Config? profile;

    internal ExperimentOptions(string path, Config config, Config? profile)
    {
        Path = path;
        this.config = config;
        this.profile = profile;
    }

    /// <summary>The experiment file.</summary>
    public string Path { get; }

    /// <summary>Whether the file (or its applied quick profile) sets <paramref name="key"/>.</summary>
    public bool Has(string key) => config.HasPath(key) || profile?.HasPath(key) == true;

    /// <summary>A string, or <paramref name="fallback"/> when the key is not set.</summary>
    public string? Text(string key, string? fallback = null) => Has(key) ? Pick(key).GetString(key) : fallback;

    /// <summary>A true/false key, <paramref name="fallback"/> when not set.</summary>
    public bool Boolean(string key, bool fallback) => Has(key) ? Pick(key).GetBoolean(key, fallback) : fallback;

    /// <summary>A list of values as strings; empty when not set.</summary>
    public ImmutableArray<string> Strings(string key)
    {
        if (!Has(key))
        {
            return [];
        }

        try
        {
            return [.. Pick(key).GetStringList(key)];
        }
        catch (Exception e) when (e is ConfigurationException or InvalidOperationException or NullReferenceException)
        {
            throw Error(key, "expected a list such as [1, 2, 3]");
        }
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or 0 when not set.</summary>
    public int Whole(string key, int min, int max)
    {
        if (!Has(key))
        {
            return 0;
        }

        string text = Pick(key).GetString(key);
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw Error(key, $"expected a whole number in [{min}, {max}], got '{text}'");
    }

    /// <summary>A file or folder, relative to the experiment file; null when not set.</summary>
    public string? PathOf(string key) =>
        Has(key) ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, Pick(key).GetString(key)) : null;

    /// <summary>The HOCON value of <paramref name="key"/> itself, for a block such as <c>designs { ... }</c>; null when not set.</summary>
    public Akka.Configuration.Hocon.HoconValue? Value(string key) => Has(key) ? Pick(key).GetValue(key) : null;

    /// <summary>The block at <paramref name="key"/> as a config, for its leaf keys.</summary>
    public Config Block(string key) => Pick(key).GetConfig(key);

    /// <summary>The one-line error for <paramref name="key"/> of this file.</summary>
    public ScenarioException Error(string key, string problem) => ScenarioException.For(Path, "experiment." + key, problem);

    private Config Pick(string key) => profile is not null && profile.HasPath(key) ? profile : config;
}
