using System.Globalization;

namespace Ddlo.Hosting.Results;

/// <summary>
/// Where a command writes its results. A command never writes into a folder that already holds work unless told
/// to: a given <c>--out</c> must be missing or empty, or the command must be given <c>--force</c> (then the files
/// an earlier ddlo run wrote there are removed first; nothing else is touched). A default folder,
/// <c>results/COMMAND-TIME</c>, is unique: the folder is claimed by creating its <c>ddlo.log</c> exclusively, so two
/// runs started in the same second get two folders.
/// </summary>
public static class ResultsFolder
{
    public static string Claim(string? requested, string command, bool force)
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
                if (TryClaim(candidate))
                {
                    return candidate;
                }
            }
        }

        if (File.Exists(requested))
        {
            throw new ArgumentException($"--out {requested}: is a file, not a folder.");
        }

        if (Directory.Exists(requested) && Directory.EnumerateFileSystemEntries(requested).Any())
        {
            if (!force)
            {
                throw new ArgumentException(
                    $"--out {requested}: the folder already holds files (an earlier run's results or checkpoint); choose a new folder, " +
                    "continue an interrupted run with simulate --resume, or pass --force to replace that run's files.");
            }

            RemoveRunFiles(requested);
        }

        return TryClaim(requested) ? requested : throw new ArgumentException($"--out {requested}: another ddlo run is writing there.");
    }

    /// <summary>Creates the folder and its log exclusively; false when another run has it.</summary>
    private static bool TryClaim(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            using var log = new FileStream(Path.Combine(folder, ResultsLayout.LogFile), FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, ResultsLayout.LogFile)))
        {
            return false;
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
