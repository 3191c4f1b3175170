using System.Collections.Immutable;

namespace Ddlo.Serving;

/// <summary>Where the environment server listens, and the scenario a client gets when it names none.</summary>
/// <param name="Host">The address to bind: an IP address or a host name (default loopback).</param>
/// <param name="Port">The TCP port; 0 for any free one.</param>
/// <param name="ScenarioFile">The server's scenario file, or null for the embedded defaults.</param>
/// <param name="Overrides">Its <c>key=value</c> overrides (<c>--set</c>).</param>
public sealed record ServeOptions(string Host, int Port, string? ScenarioFile, ImmutableArray<string> Overrides)
{
    /// <summary>Loopback, any free port, the embedded defaults.</summary>
    public static ServeOptions Loopback { get; } = new("127.0.0.1", 0, null, []);
}
