using System.Text;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// Standard output that cannot cost a run its results: the one place where writing to stdout may fail (a full disk
/// behind <c>&gt; file</c>, <c>&gt; /dev/full</c>, a reader that went away as <c>| head -1</c> does). The first failure is
/// kept and every later write is dropped, so the run goes on and writes its results folder; the command then says
/// what happened once (<see cref="Report"/>).
/// </summary>
public sealed class GuardedOutput : TextWriter
{
    /// <summary>EPIPE: the reader closed the pipe.</summary>
    private const int BrokenPipeErrno = 32;

    private readonly TextWriter inner;

    private GuardedOutput(TextWriter inner) => this.inner = inner;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    /// <summary>The first failure to write, or null.</summary>
    public IOException? Failure { get; private set; }

    /// <summary>Whether the failure is only that the reader stopped reading, which Unix tools pass over in silence.</summary>
    public bool ReaderLeft => Failure is { } failure && failure.HResult == BrokenPipeErrno;

    /// <summary>Puts a guard around this process's standard output (<see cref="Console.Out"/>) and returns it.</summary>
    public static GuardedOutput Install()
    {
        var guarded = new GuardedOutput(Console.Out);
        Console.SetOut(guarded);
        return guarded;
    }

    /// <summary>
    /// The one line for standard error once the command is done: null when every write went through or the reader
    /// left (EPIPE, as <c>| head</c> does), else what could not be written and that the results folder was not affected.
    /// </summary>
    public string? Report() =>
        Failure is null || ReaderLeft
            ? null
            : $"ddlo: error: cannot write to standard output: {Failure.Message}; what it was to show is lost, the results folder (if the command has one) is not";

    public override void Write(char value) => Guard(() => inner.Write(value));

    public override void Write(string? value) => Guard(() => inner.Write(value));

    public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            inner.Write(buffer);
        }
        catch (IOException e)
        {
            Failure = e;
        }
    }

    public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

    public override void Flush() => Guard(inner.Flush);

    private void Guard(Action write)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            write();
        }
        catch (IOException e)
        {
            Failure = e;
        }
    }
}
