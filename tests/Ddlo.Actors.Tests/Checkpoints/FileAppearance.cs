namespace Ddlo.Actors.Tests.Checkpoints;

/// <summary>Waits for a file a run writes, on the file system's own notice of it, and for no longer than a deadline.</summary>
internal static class FileAppearance
{
    /// <summary>
    /// Ends when <paramref name="path"/> exists (at once if it does already). After <paramref name="timeout"/> it throws
    /// a <see cref="TimeoutException"/> naming the file, so a run that never writes it fails its test instead of hanging it.
    /// </summary>
    public static async Task WaitAsync(string path, TimeSpan timeout)
    {
        var appeared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Look()
        {
            if (File.Exists(path))
            {
                appeared.TrySetResult();
            }
        }

        // Any change in the folder is a cue to look: the file may be created in place or moved there (as CheckpointFile
        // does), and an overflowing watcher reports an error instead of the events it lost.
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(Path.GetFullPath(path))!)
        {
            NotifyFilter = NotifyFilters.FileName,
        };
        watcher.Created += (_, _) => Look();
        watcher.Renamed += (_, _) => Look();
        watcher.Error += (_, _) => Look();
        watcher.EnableRaisingEvents = true;
        // Once watched: a file written before is seen here, one written after by the watcher.
        Look();
        try
        {
            await appeared.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{path} did not appear within {timeout}.", e);
        }
    }
}
