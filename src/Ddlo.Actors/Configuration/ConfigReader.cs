using System.Collections.Immutable;
using System.Globalization;
using Akka.Configuration;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// Typed, validating reads from a layered scenario config. Every failure names the layer that set the value
/// (the scenario file, a --set override or reference.conf), the full key and what was expected. A system model's
/// definition reads its keys with it (<see cref="Systems.ISystemDefinition.Read"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A reader names the kind of value it reads: Int, Long, Double.")]
public sealed class ConfigReader(Config config, Func<string, string> sourceOf)
{
    public Config Config => config;

    public string Text(string key)
    {
        if (!config.HasPath(key))
        {
            throw ScenarioException.For(sourceOf(key), key, "missing; it has no value in reference.conf either.");
        }

        string? text;
        try
        {
            text = config.GetString(key);
        }
        catch (Exception e) when (e is ConfigurationException or InvalidCastException or FormatException)
        {
            throw Expected(key, "a single value", e.Message);
        }

        // Akka reads a list or an empty value as no string at all: say so, rather than fail later without the key.
        return string.IsNullOrEmpty(text)
            ? throw ScenarioException.For(sourceOf(key), key, $"expected a single value, got {(config.GetValue(key) is { } value && value.IsArray() ? "a list" : "an empty value")}.")
            : text;
    }

    public int Int(string key, int min, int max = int.MaxValue)
    {
        string text = Text(key);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            throw Expected(key, "a whole number", text);
        }

        return value >= min && value <= max
            ? value
            : throw Expected(key, max == int.MaxValue ? $"a whole number >= {min}" : $"a whole number in [{min}, {max}]", text);
    }

    public long Long(string key, long min)
    {
        string text = Text(key);
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
        {
            throw Expected(key, "a whole number", text);
        }

        return value >= min ? value : throw Expected(key, $"a whole number >= {min}", text);
    }

    public ImmutableArray<int> IntList(string key, int min)
    {
        if (!config.HasPath(key))
        {
            throw ScenarioException.For(sourceOf(key), key, "missing; it has no value in reference.conf either.");
        }

        var values = List<int>(key, "whole numbers", "[120, 80]", $">= {min}", item =>
            int.TryParse(item, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min ? value : (int?)null);
        return values.Length > 0 ? values : throw Expected(key, "a non-empty list", "[]");
    }

    /// <summary>A list of finite numbers >= <paramref name="min"/>, possibly empty.</summary>
    public ImmutableArray<double> DoubleList(string key, double min) =>
        List<double>(key, "finite numbers", "[1, 1.5]", $">= {Format(min)}", item =>
            double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min ? value : (double?)null);

    /// <summary>A HOCON list whose every item <paramref name="parse"/> accepts (null: refused), naming the key and the list as written.</summary>
    private ImmutableArray<T> List<T>(string key, string what, string example, string range, Func<string, T?> parse)
        where T : struct
    {
        if (config.GetValue(key) is { } single && single.Values.Count > 0 && single.IsString())
        {
            // Akka reads a single value as an empty list: say that a list is wanted instead.
            throw Expected(key, $"a list of {what} such as {example}", single.ToString());
        }

        IList<string> items;
        try
        {
            items = config.GetStringList(key);
        }
        catch (Exception e) when (e is ConfigurationException or InvalidCastException or FormatException or NullReferenceException)
        {
            throw Expected(key, $"a list of {what} such as {example}", config.GetValue(key)?.ToString() ?? string.Empty);
        }

        var values = ImmutableArray.CreateBuilder<T>(items.Count);
        foreach (string item in items)
        {
            values.Add(parse(item) ?? throw Expected(key, $"a list of {what} {range}", "[" + string.Join(", ", items) + "]"));
        }

        return values.MoveToImmutable();
    }

    public TimeSpan Duration(string key)
    {
        string text = Text(key);
        TimeSpan? value;
        try
        {
            value = config.GetTimeSpan(key, null, allowInfinite: false);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or OverflowException or InvalidCastException)
        {
            value = null;
        }

        return value is { } span && span > TimeSpan.Zero ? span : throw Expected(key, "a positive duration such as 5s or 200ms", text);
    }

    public double Double(string key, double min, bool minExclusive = false)
    {
        string text = Text(key);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw Expected(key, "a finite number", text);
        }

        bool ok = minExclusive ? value > min : value >= min;
        return ok ? value : throw Expected(key, minExclusive ? $"a number > {Format(min)}" : $"a number >= {Format(min)}", text);
    }

    /// <summary>
    /// A physical constant of a system model: a finite number &gt;= (or &gt;) <paramref name="min"/> whose magnitude, unless
    /// it is 0, lies within [<see cref="NumericRange.Min"/>, <see cref="NumericRange.Max"/>], so that the model's products
    /// and ratios of a few constants stay finite and non-zero.
    /// </summary>
    public double Constant(string key, double min, bool minExclusive = false)
    {
        double value = Double(key, min, minExclusive);
        return NumericRange.Holds(value)
            ? value
            : throw Expected(key, $"a number whose size is 0 or within [{Format(NumericRange.Min)}, {Format(NumericRange.Max)}] (what the model's arithmetic can hold)", Text(key));
    }

    /// <summary>A list of finite numbers &gt;= <paramref name="min"/> each 0 or within <see cref="NumericRange"/>, possibly empty.</summary>
    public ImmutableArray<double> ConstantList(string key, double min) =>
        List<double>(key, "finite numbers", "[1, 1.5]", $">= {Format(min)}, each 0 or of a size within [{Format(NumericRange.Min)}, {Format(NumericRange.Max)}]", item =>
            double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min && NumericRange.Holds(value) ? value : (double?)null);

    /// <summary>An on | off switch.</summary>
    public bool Switch(string key) => Choice(key, OnOff);

    private static readonly Dictionary<string, bool> OnOff = new(StringComparer.Ordinal) { ["on"] = true, ["off"] = false };

    public T Choice<T>(string key, IReadOnlyDictionary<string, T> choices)
    {
        string text = Text(key);
        return choices.TryGetValue(text, out var value)
            ? value
            : throw Expected(key, "one of " + string.Join(" | ", choices.Keys), text);
    }

    /// <summary>
    /// Of two keys whose values must be in order, the one to blame when they are not: the one the user set (the upper
    /// one, unless only the lower one was changed from reference.conf).
    /// </summary>
    public string OutOfOrder(string lower, string upper) =>
        sourceOf(upper) == Scenario.ReferenceSource && sourceOf(lower) != Scenario.ReferenceSource ? lower : upper;

    /// <summary>An error naming the layer that set <paramref name="key"/>, the key and <paramref name="problem"/>.</summary>
    public ScenarioException Error(string key, string problem) => ScenarioException.For(sourceOf(key), key, problem);

    /// <summary>Where <paramref name="key"/> was set: the scenario file's path, a --set override, or reference.conf.</summary>
    public string SourceOf(string key) => sourceOf(key);

    private ScenarioException Expected(string key, string expected, string got) =>
        ScenarioException.For(sourceOf(key), key, $"expected {expected}, got '{got}'.");

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
