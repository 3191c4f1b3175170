using System.Collections.Immutable;
using Ddlo.Actors.Configuration;

namespace Ddlo.Experiments;

/// <summary>A sweep experiment's <c>grid { key = [values], ... }</c>: its keys and values, and the points they make.</summary>
internal static class SweepGrid
{
    /// <summary>The grid's keys (ddlo. added where left out) and their values as HOCON literals, in the file's order; duplicates refused.</summary>
    public static ImmutableArray<(string Key, ImmutableArray<string> Values)> Read(ExperimentOptions options, ExperimentPlan plan)
    {
        if (!options.Has("grid"))
        {
            return [];
        }

        var block = options.Block("grid");
        var known = ExperimentFile.Settings(options.Path, plan.BaseScenario, plan.Overrides);
        var grid = new List<(string, ImmutableArray<string>)>();
        foreach (string name in Scenario.LeafKeys(block))
        {
            string key = name.StartsWith("ddlo.", StringComparison.Ordinal) ? name : "ddlo." + name;
            if (!known.IsSetting(key) || key == plan.SweepKey || grid.Any(g => g.Item1 == key))
            {
                throw options.Error("grid." + name, key == plan.SweepKey ? "the sweep's own key; a grid key is another one" : $"'{key}' is not a ddlo setting");
            }

            var value = block.GetValue(name);
            if (!value.IsArray() || value.GetArray().Count == 0)
            {
                throw options.Error("grid." + name, "expected a non-empty list of values, e.g. [full, per-device]");
            }

            ImmutableArray<string> values = [.. value.GetArray().Select(HoconLiteral.Of)];
            if (values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw options.Error("grid." + name, $"the value {twice.Key} is listed twice");
            }

            grid.Add((key, values));
        }

        return [.. grid];
    }

    /// <summary>The runs' grid points: every combination of the keys' values, or (zipped) the i-th value of each.</summary>
    public static ImmutableArray<Design> Points(ImmutableArray<(string Key, ImmutableArray<string> Values)> grid, bool zip)
    {
        if (grid.IsEmpty)
        {
            return [];
        }

        IEnumerable<ImmutableArray<(string Key, string Value)>> combinations = zip
            ? Enumerable.Range(0, grid[0].Values.Length).Select(i => grid.Select(g => (g.Key, g.Values[i])).ToImmutableArray())
            : grid.Aggregate(
                (IEnumerable<ImmutableArray<(string Key, string Value)>>)[[]],
                (points, g) => points.SelectMany(point => g.Values.Select(v => point.Add((g.Key, v)))));
        return [.. combinations.Select(point => new Design(
            string.Join(", ", point.Select(p => $"{p.Key["ddlo.".Length..]} = {p.Value}")),
            [.. point.Select(p => $"{p.Key}={p.Value}")]))];
    }

    /// <summary>A grid point's values, in its keys' order (the overrides' right-hand sides).</summary>
    public static IEnumerable<string> ValuesOf(Design point) => point.Overrides.Select(o => o[(o.IndexOf('=', StringComparison.Ordinal) + 1)..]);
}
