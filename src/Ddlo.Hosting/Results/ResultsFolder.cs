using System.Globalization;

namespace Ddlo.Hosting.Results;

/// <summary>
/// Where a command writes its results. A folder has one owner: the command takes its <see cref="RunFolderLock"/>
/// before it looks at or writes anything there, and a folder another live process owns is refused in one line. A
/// command never writes into a folder that already holds work unless told to: a given <c>--out</c> must be missing
/// or empty, or the command must be given <c>--force</c> (then the files an earlier ddlo run wrote there are removed
/// first; nothing else is touched). A default folder, <c>results/COMMAND-TIME</c>, is unique: two runs started in the
/// same second get two folders.
/// </summary>
public static class ResultsFolder
{
    /// <summary>Claims the folder and returns its lock, which the caller keeps for as long as it writes there.</summary>
    public static RunFolderLock Claim(string? requested, string command, bool force)
    {
        if (requested is not null && string.IsNullOrWhiteSpace(requested))
        {
            throw new ArgumentException("--out: expected the name of a results folder, got an empty one.");
        }

        if (requested is null)
        {
            string stem = Path.Combine("results", string.Create(CultureInfo.InvariantCulture, $"{command}-{DateTime.Now:yyyyMMdd-HHmmss}"));
            for (int n = 1; ; n++)
            {
                string candidate = n == 1 ? stem : string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
                if (TryClaimEmpty(candidate) is { } claimed)
                {
                    return claimed;
                }
            }
        }

        if (File.Exists(requested))
        {
            throw new ArgumentException($"--out {requested}: is a file, not a folder.");
        }

        var owned = Lock(requested, "--out");
        try
        {
            if (HoldsWork(requested))
            {
                if (!force)
                {
                    throw new ArgumentException(IsResumable(requested)
                        ? $"--out {requested}: the folder already holds files (an earlier run's results or checkpoint); choose a new folder, " +
                          "continue an interrupted run with simulate --resume, or pass --force to replace that run's files."
                        : $"--out {requested}: the folder already holds files (an experiment's or another command's results, which cannot be resumed); " +
                          "choose a new folder, or pass --force to write over them.");
                }

                RemoveRunFiles(requested);
            }

            return owned;
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="folder"/> holds anything but its lock file.</summary>
    public static bool HoldsWork(string folder) =>
        Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(entry => Path.GetFileName(entry) != RunFolderLock.FileName);

    /// <summary>A run that <c>simulate --resume</c> (or <c>node --resume</c>) can take up: it left its settings or a checkpoint.</summary>
    private static bool IsResumable(string folder) =>
        File.Exists(Path.Combine(folder, ResultsLayout.CheckpointFile)) || File.Exists(Path.Combine(folder, ResultsLayout.ScenarioFile));

    /// <summary>The folder, locked and empty; null when another process has it or it holds work.</summary>
    private static RunFolderLock? TryClaimEmpty(string folder)
    {
        if (HoldsWork(folder))
        {
            return null;
        }

        var owned = TryLock(folder);
        if (owned is not null && HoldsWork(folder))
        {
            owned.Dispose();
            return null;
        }

        return owned;
    }

    private static RunFolderLock Lock(string folder, string option) =>
        TryLock(folder) ?? throw new RunFolderInUseException(folder, option, RunFolderLock.OwnerOf(folder));

    private static RunFolderLock? TryLock(string folder)
    {
        try
        {
            return RunFolderLock.TryAcquire(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out {folder}: cannot create the results folder: {e.Message}", e);
        }
    }

    private static void RemoveRunFiles(string folder)
    {
        foreach (string file in ResultsLayout.RunFiles.Select(name => Path.Combine(folder, name)).Where(File.Exists))
        {
            File.Delete(file);
        }

        foreach (string file in Directory.EnumerateFiles(folder, "*.partial*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        string networks = Path.Combine(folder, ResultsLayout.NetworksFolder);
        if (Directory.Exists(networks))
        {
            Directory.Delete(networks, recursive: true);
        }
    }
}
