using System.Globalization;

namespace Ddlo.Hosting.Results;

/// <summary>A results folder that a live process owns (<see cref="RunFolderLock"/>): a user error, refused before anything is written.</summary>
public sealed class RunFolderInUseException : IOException
{
    public RunFolderInUseException(string folder, string option, int? owner)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"{option} {folder}: another ddlo process{(owner is { } pid ? $" (pid {pid})" : string.Empty)} is writing this folder; wait for it to end (Ctrl-C makes a run save a checkpoint and stop) or choose another folder."))
    {
        Folder = folder;
        Owner = owner;
    }

    public RunFolderInUseException()
        : this(string.Empty, string.Empty, null)
    {
    }

    public RunFolderInUseException(string message)
        : base(message)
    {
        Folder = string.Empty;
    }

    public RunFolderInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Folder = string.Empty;
    }

    /// <summary>The folder in use.</summary>
    public string Folder { get; }

    /// <summary>The owner's process id, when it could be read.</summary>
    public int? Owner { get; }
}
