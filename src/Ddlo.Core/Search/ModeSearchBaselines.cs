using Ddlo.Core.Checkpoints;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;

namespace Ddlo.Core.Search;

/// <summary>
/// The baselines and oracles of the one-decision-per-device models (WPMEC, LyDROO): the model's own mode searches,
/// exhaustive and coordinate descent, and the fixed modes and random.
/// </summary>
public static class ModeSearchBaselines
{
    /// <summary>The baselines by the names users type.</summary>
    public static IReadOnlyList<string> Names { get; } = ["exhaustive", "coordinate-descent", "local", "edge", "random"];

    /// <summary>Exhaustive search (the optimum) and coordinate descent from the all-local mode (a local optimum, not a bound).</summary>
    public static IReadOnlyList<string> Oracles { get; } = ["exhaustive", "coordinate-descent"];

    /// <summary>Baseline <paramref name="name"/> of <paramref name="model"/>; an <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static IOffloadingPolicy Create(IModeSearchModel model, string modelName, string name, int seed) => name switch
    {
        "exhaustive" => new ModeSearchPolicy(model, exhaustive: true, null),
        "coordinate-descent" => new ModeSearchPolicy(model, exhaustive: false, new ReplayableRandom(seed)),
        "local" => LocalOnlyPolicy.Instance,
        "edge" => EdgeOnlyPolicy.Instance,
        "random" => new RandomPolicy(new ReplayableRandom(seed)),
        _ => throw new ArgumentException($"Unknown policy '{name}' for {modelName}; expected one of: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Oracle <paramref name="name"/> of <paramref name="model"/>; an <see cref="ArgumentException"/> listing the names otherwise.</summary>
    public static IOptimumOracle CreateOracle(IModeSearchModel model, string modelName, string name) => name switch
    {
        "exhaustive" or "coordinate-descent" => new ModeSearchOracle(model, name == "exhaustive"),
        _ => throw new ArgumentException($"Unknown oracle '{name}' for {modelName}; expected one of: {string.Join(", ", Oracles)}.", nameof(name)),
    };

    /// <summary>What <c>auto</c> scores with: exhaustive search up to <paramref name="exhaustiveUpTo"/> devices, coordinate descent beyond.</summary>
    public static string AutoOracle(int devices, int exhaustiveUpTo) => devices <= exhaustiveUpTo ? "exhaustive" : "coordinate-descent";
}
