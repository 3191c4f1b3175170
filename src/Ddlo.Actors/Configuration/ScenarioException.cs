namespace Ddlo.Actors.Configuration;

/// <summary>
/// A scenario that cannot be used. The message is one line: where (file or --set), which key, and what was expected.
/// </summary>
public sealed class ScenarioException(string message) : Exception(message)
{
    public static ScenarioException For(string source, string? key, string problem) =>
        new(key is null ? $"{source}: {problem}" : $"{source}: {key}: {problem}");
}
