using System.Globalization;
using System.Text;
using Akka.Configuration;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// Every file a scenario depends on (plug-in assemblies, ONNX models, a system model's data files such as LyDROO's
/// arrival trace), made absolute once, as the scenario loads: a path in a scenario file is relative to that file, one
/// from <c>--set</c> to the working directory. The settings then hold only absolute paths, and so do the run's
/// <c>scenario.conf</c> and checkpoints, which resume from any working directory and from any copy of the folder.
/// The keys are declared, not guessed: <see cref="SharedKeys"/> here, and each system model's
/// <see cref="Systems.ISystemDefinition.PathKeys"/>. A key's value is one path or a list of paths; an empty string
/// and <c>none</c> name no file and are kept as they are.
/// </summary>
public static class ScenarioPaths
{
    /// <summary>The path keys of the shared reference.conf.</summary>
    public static IReadOnlyList<string> SharedKeys { get; } = [Plugins.PolicyPlugins.PluginsKey, DdloSettings.OnnxModelsKey];

    /// <summary>
    /// A configuration holding <paramref name="keys"/> of <paramref name="config"/> with their paths made absolute
    /// against <paramref name="directoryOf"/> the key (null: the key is reference.conf's own, left alone), to put
    /// in front of <paramref name="config"/>. Values of the wrong type are left for the settings to refuse.
    /// </summary>
    internal static Config Resolve(Config config, IEnumerable<string> keys, Func<string, string?> directoryOf)
    {
        var text = new StringBuilder();
        foreach (string key in keys.Distinct(StringComparer.Ordinal))
        {
            if (!config.HasPath(key) || directoryOf(key) is not { } directory)
            {
                continue;
            }

            var value = config.GetValue(key);
            if (value.IsArray())
            {
                var items = value.GetArray();
                if (items.All(item => item.IsString()))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{key} = [{string.Join(", ", items.Select(item => Quote(Absolute(item.GetString(), directory))))}]\n");
                }
            }
            // A single string where a list of paths is read is left as typed, for the settings to refuse in its own words.
            else if (!SharedKeys.Contains(key) && value.IsString() && value.GetString() is { } path && path.Length > 0 && path != "none")
            {
                text.Append(CultureInfo.InvariantCulture, $"{key} = {Quote(Absolute(path, directory))}\n");
            }
        }

        return text.Length == 0 ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(text.ToString());
    }

    /// <summary>The directory paths set by <paramref name="source"/> are relative to: a scenario file's own, else the working directory.</summary>
    internal static string DirectoryOf(string source, bool isFile) =>
        isFile && File.Exists(source) ? Path.GetDirectoryName(Path.GetFullPath(source))! : Environment.CurrentDirectory;

    private static string Absolute(string path, string directory) => path.Length == 0 ? path : Path.GetFullPath(path, directory);

    /// <summary>A HOCON string literal: quoted, with backslashes and quotes escaped.</summary>
    internal static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
