using System.Text.RegularExpressions;

namespace Ddlo.Actors.Simulation;

/// <summary>
/// A run that cannot write what it computed (a checkpoint or a results file: disk full, I/O error, permission, folder
/// gone). It is not a user error and not a bug: the run stops at once, keeping its last good checkpoint and whatever
/// results it had written, and the message names the file and the operating system's reason in one line.
/// </summary>
public sealed partial class RunWriteException : IOException
{
    public RunWriteException(string file, string reason, string? kept = null)
        : base($"cannot write {file}: {reason}{(kept is null ? string.Empty : "; " + kept)}")
    {
        (File, Reason, Kept) = (file, reason, kept);
    }

    public RunWriteException()
        : this(string.Empty, string.Empty)
    {
    }

    public RunWriteException(string message)
        : base(message)
    {
        (File, Reason) = (string.Empty, message);
    }

    public RunWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
        (File, Reason) = (string.Empty, message);
    }

    /// <summary>The file that could not be written.</summary>
    public string File { get; }

    /// <summary>The operating system's reason (No space left on device, Read-only file system, ...).</summary>
    public string Reason { get; }

    /// <summary>What the run kept, and how to go on; null until the run session says.</summary>
    public string? Kept { get; }

    /// <summary>The failure to write <paramref name="file"/>, from the exception .NET raised.</summary>
    public static RunWriteException For(string file, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure as RunWriteException ?? new RunWriteException(file, ReasonOf(failure));
    }

    /// <summary>This failure, with what the run kept and how to go on.</summary>
    public RunWriteException WithKept(string kept) => new(File, Reason, kept);

    /// <summary>Whether <paramref name="e"/> is a failure to write a file, as opposed to a bug.</summary>
    public static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException || IsFileTooLarge(e);

    /// <summary>EFBIG (past the file size limit, <c>ulimit -f</c>, or the file system's), which .NET raises as an argument error.</summary>
    private static bool IsFileTooLarge(Exception e) => e is ArgumentOutOfRangeException { ParamName: "value" } && e.StackTrace?.Contains("System.IO.", StringComparison.Ordinal) == true;

    /// <summary>.NET's message without the path it ends with (" : '/a/b'", " '/a/b'."): the file is named once, by the caller.</summary>
    private static string ReasonOf(Exception failure) =>
        IsFileTooLarge(failure) ? "File too large (past the file size limit of this process or of the file system)" : TrailingPath().Replace(failure.Message, string.Empty).TrimEnd('.', ' ');

    [GeneratedRegex(@"\s*:?\s*'[^']*'\s*\.?\s*$")]
    private static partial Regex TrailingPath();
}
