namespace Ddlo.Actors.Configuration;

/// <summary>
/// Checks that braces and brackets balance. Akka's HOCON parser silently accepts an unclosed '{' or '[' at the
/// end of a file, which would turn a truncated scenario into a silently different one.
/// </summary>
public static class HoconStructure
{
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
