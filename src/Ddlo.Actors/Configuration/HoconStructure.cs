using Akka.Configuration;

namespace Ddlo.Actors.Configuration;

/// <summary>
/// The one way ddlo parses HOCON text (scenario files, <c>--set</c> pairs, experiment files, settings from another
/// node or a checkpoint). It first checks the text: braces and brackets must balance (Akka's HOCON parser silently
/// accepts an unclosed '{' or '[' at the end of a file, which would turn a truncated scenario into a silently
/// different one), and substitutions (<c>${...}</c>) and <c>include</c> directives are refused: Akka's parser spins
/// without end on an optional substitution it cannot resolve and crashes on an include it cannot read, and a
/// scenario that pulls values from the environment or other files would not be reproducible from its results folder.
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
            return ConfigurationFactory.ParseString(SeparateFields(text));
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw ScenarioException.For(source, key, "not valid HOCON: " + OneLine(e.Message));
        }
    }

    /// <summary>An exception message on one line, for a one-line error.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>Returns null when the text can be parsed safely, otherwise what is wrong and on which line.</summary>
    public static string? Check(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
                case '\uFFFD' or (< ' ' and not ('\t' or '\r' or '\f')) or '\u007F':
                    // A binary file: say so, without quoting it.
                    return $"line {line}: it holds a control character or bytes that are not UTF-8 text (U+{(int)c:X4}); is it a text file?";
                case '$' when i + 1 < text.Length && text[i + 1] == '{':
                    return $"line {line}: substitutions (${{...}}) are not supported; write the value itself.";
                case 'i' when IsIncludeDirective(text, i):
                    return $"line {line}: include is not supported; put the settings in this file (or pass them with --set).";
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

    /// <summary>
    /// HOCON separates an object's fields by a newline or a comma, but Akka's parser refuses a comma after a field
    /// whose value is an object or a list (<c>ddlo { system { devices = 3 }, run { steps = 100 } }</c>): such a comma
    /// becomes the newline it stands for. Commas between a list's items, in strings and in comments stay.
    /// </summary>
    internal static string SeparateFields(string text)
    {
        var chars = text.ToCharArray();
        var open = new Stack<char>();
        char previous = '\0';
        int line = 1;
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            switch (c)
            {
                case '#':
                case '/' when i + 1 < chars.Length && chars[i + 1] == '/':
                    while (i + 1 < chars.Length && chars[i + 1] != '\n')
                    {
                        i++;
                    }

                    continue;
                case '"':
                    i = SkipString(text, i, ref line);
                    previous = '"';
                    continue;
                case '{' or '[':
                    open.Push(c);
                    break;
                case '}' or ']':
                    _ = open.TryPop(out _);
                    break;
                case ',' when previous is '}' or ']' && (open.Count == 0 || open.Peek() == '{'):
                    chars[i] = '\n';
                    break;
            }

            if (!char.IsWhiteSpace(c))
            {
                previous = c;
            }
        }

        return new string(chars);
    }

    /// <summary>The word <c>include</c> at the start of a token, followed by a file name (not a key such as <c>include = [...]</c>).</summary>
    private static bool IsIncludeDirective(string text, int i)
    {
        const string word = "include";
        if (string.CompareOrdinal(text, i, word, 0, word.Length) != 0 || (i > 0 && !char.IsWhiteSpace(text[i - 1]) && text[i - 1] is not ('{' or ',')))
        {
            return false;
        }

        int next = i + word.Length;
        if (next >= text.Length || !char.IsWhiteSpace(text[next]))
        {
            return false;
        }

        while (next < text.Length && char.IsWhiteSpace(text[next]) && text[next] != '\n')
        {
            next++;
        }

        return next < text.Length && (text[next] == '"' || text.AsSpan(next).StartsWith("file(") || text.AsSpan(next).StartsWith("url(")
            || text.AsSpan(next).StartsWith("classpath(") || text.AsSpan(next).StartsWith("required("));
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
