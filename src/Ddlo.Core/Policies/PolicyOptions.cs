using System.Collections.Immutable;
using System.Globalization;

namespace Ddlo.Core.Policies;

/// <summary>
/// The settings a scenario gives one policy (<c>ddlo.policies.NAME { key = value, ... }</c>), read by
/// <see cref="IConfigurablePolicy.Configure"/>. Each getter takes the key and the default for a scenario that does not
/// set it; a value that does not parse throws a <see cref="PolicyOptionException"/> naming the full key. Keys never
/// read are listed by <see cref="Unread"/>, so the host can refuse a misspelt key instead of ignoring it.
/// </summary>
public sealed class PolicyOptions
{
    private readonly ImmutableDictionary<string, string> values;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    /// <param name="block">The block's full key, e.g. <c>ddlo.policies.greedy</c>, for messages.</param>
    /// <param name="values">Leaf keys below the block (<c>threshold-mb</c>, <c>window.size</c>) and their values as written.</param>
    public PolicyOptions(string block, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Block = block;
        this.values = values.ToImmutableDictionary(StringComparer.Ordinal);
    }

    /// <summary>No settings: what a policy gets when the scenario has no block for it.</summary>
    public static PolicyOptions Empty(string block) => new(block, ImmutableDictionary<string, string>.Empty);

    /// <summary>The block's full key, e.g. <c>ddlo.policies.greedy</c>.</summary>
    public string Block { get; }

    /// <summary>The keys the scenario sets, in no particular order.</summary>
    public IEnumerable<string> Keys => values.Keys;

    /// <summary>Keys the scenario sets that the policy has not read.</summary>
    public IReadOnlyList<string> Unread => [.. values.Keys.Where(k => !read.Contains(k)).Order(StringComparer.Ordinal)];

    /// <summary>Whether the scenario sets <paramref name="key"/>.</summary>
    public bool Has(string key) => values.ContainsKey(key);

    /// <summary>A finite number, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double Number(string key, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        Read(key, fallback, text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min && value <= max
                ? value
                : throw Error(key, $"expected a number in [{Format(min)}, {Format(max)}], got '{text}'"));

    /// <summary>A whole number, within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Whole(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        Read(key, fallback, text =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
                ? value
                : throw Error(key, $"expected a whole number in [{min}, {max}], got '{text}'"));

    /// <summary>on/off, true/false, yes/no.</summary>
    public bool Flag(string key, bool fallback) =>
        Read(key, fallback, text => text.ToLowerInvariant() switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => throw Error(key, $"expected on or off, got '{text}'"),
        });

    /// <summary>Text as written.</summary>
    public string Text(string key, string fallback) => Read(key, fallback, text => text);

    /// <summary>An error naming <paramref name="key"/> in full, for a check of the policy's own (two settings that do not fit together).</summary>
    public PolicyOptionException Error(string key, string problem) => new($"{Block}.{key}", problem);

    private T Read<T>(string key, T fallback, Func<string, T> parse)
    {
        read.Add(key);
        return values.TryGetValue(key, out string? text) ? parse(text) : fallback;
    }

    private static string Format(double value) => value switch
    {
        double.MinValue => "-inf",
        double.MaxValue => "inf",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>A policy's setting that is missing, malformed or out of range; the message starts with the full key.</summary>
public sealed class PolicyOptionException(string key, string problem) : Exception($"{key}: {problem}")
{
    /// <summary>The full key, e.g. <c>ddlo.policies.greedy.threshold-mb</c>.</summary>
    public string Key { get; } = key;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}
