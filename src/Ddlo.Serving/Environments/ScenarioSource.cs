using Ddlo.Actors.Configuration;
using Ddlo.Actors.Plugins;

namespace Ddlo.Serving.Environments;

/// <summary>
/// The scenario a request asks for: its own file or HOCON text with its overrides, or the server's scenario (its file
/// and its <c>--set</c> overrides) with the request's overrides after them. A scenario that does not load is refused in
/// the one line <see cref="Scenario"/> gives, naming the file or override, the key and the problem.
/// </summary>
internal sealed class ScenarioSource(string? serverFile, IReadOnlyList<string> serverOverrides)
{
    public Scenario Load(string? file, string? hocon, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        bool hasFile = !string.IsNullOrWhiteSpace(file);
        bool hasText = !string.IsNullOrWhiteSpace(hocon);
        if (hasFile && hasText)
        {
            throw EnvironmentException.Invalid("scenario_file and scenario_hocon exclude each other: give one, or neither for the server's scenario.");
        }

        var own = overrides.Select((pair, i) => new ScenarioOverride($"overrides[{i}] '{pair}'", pair)).ToList();
        try
        {
            return hasFile ? Scenario.Load(file, own)
                : hasText ? Scenario.FromText(hocon!, "scenario_hocon", own)
                : Scenario.Load(serverFile, [.. serverOverrides.Select(ScenarioOverride.Set), .. own]);
        }
        catch (Exception e) when (e is ScenarioException or InputException or PluginException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw EnvironmentException.Invalid(HoconStructure.OneLine(e.Message));
        }
    }
}
