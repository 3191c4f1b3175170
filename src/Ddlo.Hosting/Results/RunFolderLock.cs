using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ddlo.Hosting.Results;

/// <summary>
/// The one owner of a results folder: an exclusive OS lock on <c>.ddlo.lock</c> inside it (flock on Linux, a
/// share-none handle on Windows), held as long as this object lives; a command keeps it until its process ends.
/// The kernel drops the lock when the process dies, however it dies (SIGKILL included), so a lock file left behind
/// blocks nobody: only the lock counts, never the file's existence. The file is never deleted (deleting it would let
/// two processes lock two different files of one name). The owner writes its process id there, so that a refused
/// command can name it.
/// </summary>
public sealed partial class RunFolderLock : IDisposable
{
    /// <summary>The lock file in a results folder; <c>--force</c> leaves it, and a folder holding only it is empty.</summary>
    public const string FileName = ".ddlo.lock";

    private readonly FileStream stream;

    private RunFolderLock(string folder, FileStream stream) => (Folder, this.stream) = (folder, stream);

    /// <summary>The results folder this process owns.</summary>
    public string Folder { get; }

    /// <summary>
    /// Takes the folder (created if missing), or throws <see cref="RunFolderInUseException"/> naming
    /// <paramref name="option"/> (such as <c>--out</c>) and the owner's process id when another process holds it.
    /// </summary>
    public static RunFolderLock Acquire(string folder, string option) =>
        TryAcquire(folder) ?? throw new RunFolderInUseException(folder, option, OwnerOf(folder));

    /// <summary>Takes the folder (created if missing), or returns null when another process (or another lock in this one) holds it.</summary>
    public static RunFolderLock? TryAcquire(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, FileName);
        FileStream stream;
        try
        {
            // FileShare.None is flock(LOCK_EX | LOCK_NB) on Unix: it fails at once while another descriptor holds it.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeld(e))
        {
            return null;
        }

        try
        {
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
        }
        catch
        {
            // A lock that cannot say its owner (a full disk) is still released, not left held by this process.
            stream.Dispose();
            throw;
        }

        return new RunFolderLock(folder, stream);
    }

    /// <summary>The process id written by the folder's owner, or null when unknown (no file, no number, or Windows, where the owner's handle denies reading).</summary>
    public static int? OwnerOf(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return null;
        }

        // Read around .NET's FileStream, which would itself ask for a shared flock and be refused by the owner's.
        int descriptor = Open(Path.Combine(folder, FileName), 0);
        if (descriptor < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        var buffer = new byte[32];
        int read = RandomAccess.Read(handle, buffer, 0);
        return int.TryParse(System.Text.Encoding.ASCII.GetString(buffer, 0, read).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
    }

    public void Dispose() => stream.Dispose();

    /// <summary>
    /// Whether opening failed because another handle holds the lock (EWOULDBLOCK from flock on Linux and macOS, a
    /// sharing violation on Windows), as opposed to a folder that cannot be written at all, which is reported as such.
    /// </summary>
    private static bool IsHeld(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
