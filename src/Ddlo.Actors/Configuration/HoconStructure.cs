using Akka.Configuration;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// The one way ddlo parses HOCON text (scenario files, <c>--set</c> pairs, experiment files, settings from another
/// node or a checkpoint). It first checks that braces and brackets balance: Akka's HOCON parser silently accepts an
/// unclosed '{' or '[' at the end of a file, which would turn a truncated scenario into a silently different one.
/// </summary>
public static class HoconStructure
{
    /// <summary>
    /// Parses <paramref name="text"/>; any problem becomes one <see cref="ScenarioException"/> line naming
    /// <paramref name="source"/> (and <paramref name="key"/>, for a <c>--set</c> pair).
    /// </summary>
    public static Config Parse(string text, string source, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Check(text) is { } problem)
        {
            throw ScenarioException.For(source, key, "not valid HOCON: " + problem);
        }

        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw ScenarioException.For(source, key, "not valid HOCON: " + OneLine(e.Message));
        }
    }

    /// <summary>An exception message on one line, for a one-line error.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Returns null when balanced, otherwise what is wrong and on which line.</summary>
    public static string? Check(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        int line = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '"':
                    i = SkipString(text, i, ref line);
                    break;
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    char expected = c == '}' ? '{' : '[';
                    if (open.Count == 0 || open.Peek().Bracket != expected)
                    {
                        return $"line {line}: unexpected '{c}'" + (open.Count > 0 ? $" (the '{open.Peek().Bracket}' of line {open.Peek().Line} is still open)." : ".");
                    }

                    open.Pop();
                    break;
            }
        }

        return open.Count == 0 ? null : $"line {open.Peek().Line}: '{open.Peek().Bracket}' is never closed.";
    }

    private static int SkipString(string text, int start, ref int line)
    {
        bool triple = start + 2 < text.Length && text[start + 1] == '"' && text[start + 2] == '"';
        int i = start + (triple ? 3 : 1);
        for (; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
            else if (!triple && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"' && (!triple || (i + 2 < text.Length && text[i + 1] == '"' && text[i + 2] == '"')))
            {
                return triple ? i + 2 : i;
            }
        }

        return i;
    }
}
