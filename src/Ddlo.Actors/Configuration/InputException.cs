namespace Ddlo.Actors.Configuration;

/// <summary>
/// A value the user gave (an option, a file, a slot's reports) that the code cannot use. The message is one line: the
/// input's name, then the problem.
/// </summary>
public sealed class InputException(string input, string problem, Exception? inner = null) : Exception($"{input}: {problem}", inner)
{
    /// <summary>The option or file at fault, as the user wrote it.</summary>
    public string Input { get; } = input;

    /// <summary>
    /// Reads <paramref name="input"/> with <paramref name="read"/>, whose refusals (an <see cref="ArgumentException"/> or
    /// <see cref="FormatException"/> saying what is wrong) become one line naming the input.
    /// </summary>
    public static T Read<T>(string input, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (Exception e) when (e is ArgumentException or FormatException && !e.Message.StartsWith(input, StringComparison.Ordinal))
        {
            throw new InputException(input, e.Message, e);
        }
    }
}
