using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Hosting.Results;
using Ddlo.Learning.Deployment;

namespace Ddlo.Hosting.Export;

/// <summary>
/// A finished run's networks, packed for use elsewhere: one model file (for <c>decide</c> and <c>bench model</c>), or
/// one ONNX model per network with a scenario that runs them. Both are written beside their target and read back before
/// they replace anything, so a model that cannot be loaded is neither reported as exported nor left where a good one was.
/// </summary>
public static class ModelExport
{
    /// <summary>Packs the networks of the run in <paramref name="from"/> into the model file <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The run, the target or the write is refused; the message names which.</exception>
    public static ExportedModel ToModelFile(string from, string output, bool force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        if (File.Exists(output) && !force)
        {
            throw new ArgumentException($"--out {output}: the file exists; choose another name or pass --force to replace it.");
        }

        if (Directory.Exists(output))
        {
            throw new ArgumentException($"--out {output}: is a folder; name the model file to write, e.g. --out model.ddlo.");
        }

        var (manifest, files) = ReadRun(from);
        string written = output + ".new";
        try
        {
            OffloadingModel.Write(written, manifest, files.Select(File.ReadAllBytes).ToList());
            using (ModelFiles.Load(written))
            {
            }

            File.Move(written, output, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out {output}: cannot write the model file: {e.Message}", e);
        }
        finally
        {
            foreach (string leftover in new[] { written, written + ".partial" }.Where(File.Exists))
            {
                File.Delete(leftover);
            }
        }

        return new ExportedModel(output, files.Count, manifest.Devices, manifest.TasksPerDevice, new FileInfo(output).Length);
    }

    /// <summary>
    /// Writes each network of the run in <paramref name="from"/> as <c>dnn-k.onnx</c> into the folder
    /// <paramref name="output"/>, with a scenario.conf that runs them (<c>ddlo.run.policy = onnx</c>) on the run's system.
    /// </summary>
    /// <exception cref="ArgumentException">The run, the target or the write is refused; the message names which.</exception>
    public static ExportedOnnx ToOnnx(string from, string output, bool force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        if (File.Exists(output))
        {
            throw new ArgumentException($"--out {output}: is a file; with --format onnx, name a folder for the models.");
        }

        // --force replaces the target folder whole: never the run the models come from.
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output)) + Path.DirectorySeparatorChar;
        if ((Path.TrimEndingDirectorySeparator(Path.GetFullPath(from)) + Path.DirectorySeparatorChar).StartsWith(target, StringComparison.Ordinal))
        {
            throw new ArgumentException($"--out {output}: holds the run being exported (--from {from}); write the models into a folder of their own.");
        }

        // The target (a run's folder, maybe) and the folder the models are written in are this export's alone until it ends.
        using var targetLock = Directory.Exists(output) ? RunFolderLock.Acquire(output, "--out") : null;
        if (ResultsFolder.HoldsWork(output) && !force)
        {
            throw new ArgumentException($"--out {output}: the folder holds files; choose another or pass --force to replace them.");
        }

        var (manifest, files) = ReadRun(from);
        string staging = Path.GetFullPath(output).TrimEnd(Path.DirectorySeparatorChar) + ".partial";
        string packed = Path.Combine(staging, "model.ddlo");
        using var writing = RunFolderLock.TryAcquire(staging) ?? throw new RunFolderInUseException(output, "--out", RunFolderLock.OwnerOf(staging));
        try
        {
            ClearBut(staging, RunFolderLock.FileName);
            OffloadingModel.Write(packed, manifest, files.Select(File.ReadAllBytes).ToList());
            IReadOnlyList<string> models;
            using (var model = ModelFiles.Load(packed))
            {
                models = model.WriteOnnx(staging);
            }

            File.Delete(packed);
            string runSettings = File.ReadAllText(Path.Combine(from, ResultsLayout.ScenarioFile));
            File.WriteAllText(Path.Combine(staging, ResultsLayout.ScenarioFile), $"""
                # The networks of {Path.GetFullPath(from)}, exported as ONNX, on the system they were trained for:
                #   ./run.sh simulate --scenario {ShellWord(Path.Combine(output, ResultsLayout.ScenarioFile))}
                {runSettings}
                ddlo.run.policy = onnx
                ddlo.onnx.models = [{string.Join(", ", models.Select(m => $"\"{Path.GetFileName(m)}\""))}]

                """);
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            Directory.Move(staging, output);
            return new ExportedOnnx(
                output, [.. models.Select(m => Path.Combine(output, Path.GetFileName(m)))], Path.Combine(output, ResultsLayout.ScenarioFile), manifest.Devices, manifest.TasksPerDevice);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out {output}: cannot write the ONNX models: {e.Message}", e);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>The networks of the run in <paramref name="from"/> and the manifest that describes them.</summary>
    private static (ModelManifest Manifest, List<string> Files) ReadRun(string from)
    {
        string scenarioFile = Path.Combine(from, ResultsLayout.ScenarioFile);
        string networks = Path.Combine(from, ResultsLayout.NetworksFolder);
        if (!File.Exists(scenarioFile))
        {
            throw new ArgumentException($"--from {from}: not the results folder of a learning run (no {ResultsLayout.ScenarioFile} and {ResultsLayout.NetworksFolder}/).");
        }

        // What the run was comes first: a run whose networks cannot be exported (a map of cells) says why, whatever it kept.
        var run = Scenario.SettingsFromHocon(File.ReadAllText(scenarioFile), scenarioFile);
        if (run.System.Abilities.WhyNotExport is { } why)
        {
            throw new ArgumentException($"--from {from}: {why}");
        }

        if (!Directory.Exists(networks))
        {
            throw new ArgumentException($"--from {from}: not the results folder of a learning run (no {ResultsLayout.NetworksFolder}/ beside its {ResultsLayout.ScenarioFile}).");
        }

        var files = Enumerable.Range(0, run.Learning.DnnCount).Select(k => Path.Combine(networks, $"dnn-{k}.bin")).Where(File.Exists).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"--from {from}: {ResultsLayout.NetworksFolder}/ holds no network.");
        }

        return (ModelFiles.Manifest(run, files.Count, Path.GetFullPath(from)), files);
    }

    /// <summary>Empties <paramref name="folder"/> (what an earlier export left) but for <paramref name="kept"/>, its lock file.</summary>
    private static void ClearBut(string folder, string kept)
    {
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder).Where(entry => Path.GetFileName(entry) != kept))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    /// <summary>A word as a POSIX shell reads it back: as it is when it holds no special character, else single-quoted.</summary>
    internal static string ShellWord(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./:@%+=,-".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
