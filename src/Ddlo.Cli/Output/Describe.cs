using System.Globalization;
using Ddlo.Actors.Configuration;

namespace Ddlo.Cli.Output;

/// <summary>Short human descriptions shared by the commands' tables (the command line's alone: libraries write results, not tables).</summary>
internal static class Describe
{
    /// <summary>The scenario's system, as its model describes it.</summary>
    public static string System(Scenario scenario) => scenario.Settings.System.Describe();

    public static string Number(double value, string format = "0.####") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A word as a POSIX shell reads it back: as it is when it holds no special character, else single-quoted.</summary>
    public static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./:@%+=,-".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
