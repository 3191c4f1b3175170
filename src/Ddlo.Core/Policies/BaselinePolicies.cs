using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Policies;

/// <summary>The policies that need no learning, by the names users type.</summary>
public static class BaselinePolicies
{
    public static IReadOnlyList<string> Names { get; } = ["exhaustive", "dual", "coordinate-descent", "local", "edge", "random"];

    /// <summary>Creates a baseline by name; throws an <see cref="ArgumentException"/> listing the valid names otherwise.</summary>
    public static IOffloadingPolicy Create(string name, MecModel model, int seed) => name switch
    {
        "exhaustive" => new ExhaustivePolicy(new ExhaustiveSearch(model)),
        "dual" => new DualPolicy(new DualDecomposition(model)),
        "coordinate-descent" => new CoordinateDescentPolicy(new DeviceSearch(model)),
        "local" => LocalOnlyPolicy.Instance,
        "edge" => EdgeOnlyPolicy.Instance,
        "random" => new RandomPolicy(new ReplayableRandom(seed)),
        _ => throw new ArgumentException(
            $"Unknown policy '{name}'; expected one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
