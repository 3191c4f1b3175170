namespace Ddlo.Actors.Plugins;

/// <summary>A plug-in that cannot be used: the message names the key, the file or type, and what is wrong, in one line.</summary>
public sealed class PluginException(string key, string problem) : Exception($"{key}: {problem}")
{
    /// <summary>The setting to blame: <c>ddlo.plugins</c>, <c>ddlo.run.policy</c> or a key of <c>ddlo.policies</c>.</summary>
    public string Key { get; } = key;

    public string Problem { get; } = problem;
}
