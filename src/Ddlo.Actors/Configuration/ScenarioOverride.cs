namespace Ddlo.Actors.Configuration;

/// <summary>One <c>key=value</c> override of a scenario, and where the user gave it (<c>--set ...</c>, <c>--steps 0</c>), for messages.</summary>
public sealed record ScenarioOverride(string Source, string Pair)
{
    /// <summary>An override given as <c>--set key=value</c>.</summary>
    public static ScenarioOverride Set(string pair) => new("--set " + pair, pair);
}
