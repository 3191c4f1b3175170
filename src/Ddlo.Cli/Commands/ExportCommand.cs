using System.ComponentModel;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Cli.Output;
using Ddlo.Hosting.Results;
using Ddlo.Learning.Deployment;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo export</c>: packs a finished run's networks and system into one model file, or (<c>--format onnx</c>) writes
/// each network as an ONNX model for other runtimes, with a scenario that runs them here.
/// </summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--from <DIR>")]
        [Description("Results folder of a simulate, evaluate or node run (holds scenario.conf and networks/).")]
        public string From { get; init; } = string.Empty;

        [CommandOption("--out <PATH>")]
        [Description("The model file to write, e.g. model.ddlo; with --format onnx, a folder for dnn-k.onnx and scenario.conf (new or empty; see --force).")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--format <FORMAT>")]
        [Description("ddlo (one model file for decide and bench, the default) or onnx (input float32 [batch, N*M] sizes in MB, output [batch, N*M] logits).")]
        public string Format { get; init; } = "ddlo";

        [CommandOption("--force")]
        [Description("Replace an existing model file at --out.")]
        public bool Force { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON instead of text.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("--from DIR is required (a results folder).")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE is required, e.g. --out model.ddlo")
            : Format is not ("ddlo" or "onnx") ? ValidationResult.Error($"--format: expected ddlo or onnx, got '{Format}'.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Format == "onnx")
        {
            return ExportOnnx(settings);
        }

        if (File.Exists(settings.Out) && !settings.Force)
        {
            throw new ArgumentException($"--out {settings.Out}: the file exists; choose another name or pass --force to replace it.");
        }

        if (Directory.Exists(settings.Out))
        {
            throw new ArgumentException($"--out {settings.Out}: is a folder; name the model file to write, e.g. --out model.ddlo.");
        }

        var (manifest, files) = ReadRun(settings.From);
        // Written beside the target and read back before it replaces anything: a model that cannot be loaded is
        // neither reported as exported nor left where a good one was.
        string written = settings.Out + ".new";
        try
        {
            OffloadingModel.Write(written, manifest, files.Select(File.ReadAllBytes).ToList());
            using (ModelFiles.Load(written))
            {
            }

            File.Move(written, settings.Out, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out {settings.Out}: cannot write the model file: {e.Message}", e);
        }
        finally
        {
            foreach (string leftover in new[] { written, written + ".partial" }.Where(File.Exists))
            {
                File.Delete(leftover);
            }
        }

        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["model"] = settings.Out,
                ["networks"] = files.Count,
                ["devices"] = manifest.Devices,
                ["tasks_per_device"] = manifest.TasksPerDevice,
                ["bytes"] = new FileInfo(settings.Out).Length,
            });
            return 0;
        }

        AnsiConsole.MarkupLine(Markup.Escape(
            $"Exported {files.Count} networks for {manifest.Devices} x {manifest.TasksPerDevice} ({new FileInfo(settings.Out).Length / 1024.0:0.#} KiB) to {settings.Out}"));
        return 0;
    }

    /// <summary>The networks of the run in <paramref name="from"/> and the manifest that describes them.</summary>
    private static (ModelManifest Manifest, List<string> Files) ReadRun(string from)
    {
        string scenarioFile = Path.Combine(from, ResultsLayout.ScenarioFile);
        string networks = Path.Combine(from, ResultsLayout.NetworksFolder);
        if (!File.Exists(scenarioFile) || !Directory.Exists(networks))
        {
            throw new ArgumentException($"--from {from}: not the results folder of a learning run (no {ResultsLayout.ScenarioFile} and {ResultsLayout.NetworksFolder}/).");
        }

        var run = Scenario.SettingsFromHocon(File.ReadAllText(scenarioFile), scenarioFile);
        if (run.System.Definition.Abilities.WhyNotExport is { } why)
        {
            throw new ArgumentException($"--from {from}: {why}");
        }

        var files = Enumerable.Range(0, run.Learning.DnnCount).Select(k => Path.Combine(networks, $"dnn-{k}.bin")).Where(File.Exists).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"--from {from}: {ResultsLayout.NetworksFolder}/ holds no network.");
        }

        var manifest = ModelFiles.Manifest(run, files.Count, Path.GetFullPath(from));
        return (manifest, files);
    }

    /// <summary>
    /// <c>--format onnx</c>: dnn-k.onnx per network and a scenario.conf that runs them (<c>ddlo.run.policy = onnx</c>)
    /// on the run's system, written into a folder beside the target and moved into place once every model has been
    /// read back through ONNX Runtime.
    /// </summary>
    private static int ExportOnnx(Settings settings)
    {
        if (File.Exists(settings.Out))
        {
            throw new ArgumentException($"--out {settings.Out}: is a file; with --format onnx, name a folder for the models.");
        }

        // The target (a run's folder, maybe) and the folder the models are written in are this export's alone until it exits.
        using var target = Directory.Exists(settings.Out) ? RunFolderLock.Acquire(settings.Out, "--out") : null;
        if (ResultsFolder.HoldsWork(settings.Out) && !settings.Force)
        {
            throw new ArgumentException($"--out {settings.Out}: the folder holds files; choose another or pass --force to replace them.");
        }

        var (manifest, files) = ReadRun(settings.From);
        string staging = Path.GetFullPath(settings.Out).TrimEnd(Path.DirectorySeparatorChar) + ".partial";
        string packed = Path.Combine(staging, "model.ddlo");
        using var writing = RunFolderLock.TryAcquire(staging) ?? throw new RunFolderInUseException(settings.Out, "--out", RunFolderLock.OwnerOf(staging));
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
            string runSettings = File.ReadAllText(Path.Combine(settings.From, ResultsLayout.ScenarioFile));
            File.WriteAllText(Path.Combine(staging, ResultsLayout.ScenarioFile), $"""
                # The networks of {Path.GetFullPath(settings.From)}, exported as ONNX, on the system they were trained for:
                #   ./run.sh simulate --scenario {Describe.ShellWord(Path.Combine(settings.Out, ResultsLayout.ScenarioFile))}
                {runSettings}
                ddlo.run.policy = onnx
                ddlo.onnx.models = [{string.Join(", ", models.Select(m => $"\"{Path.GetFileName(m)}\""))}]

                """);
            if (Directory.Exists(settings.Out))
            {
                Directory.Delete(settings.Out, recursive: true);
            }

            Directory.Move(staging, settings.Out);
            if (settings.Json)
            {
                JsonOutput.Write(new Dictionary<string, object>
                {
                    ["folder"] = settings.Out,
                    ["models"] = models.Select(m => Path.Combine(settings.Out, Path.GetFileName(m))).ToList(),
                    ["scenario"] = Path.Combine(settings.Out, ResultsLayout.ScenarioFile),
                    ["devices"] = manifest.Devices,
                    ["tasks_per_device"] = manifest.TasksPerDevice,
                });
                return 0;
            }

            AnsiConsole.MarkupLine(Markup.Escape(
                $"Exported {models.Count} networks for {manifest.Devices} x {manifest.TasksPerDevice} as ONNX to {settings.Out} (dnn-k.onnx, and scenario.conf to run them)"));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--out {settings.Out}: cannot write the ONNX models: {e.Message}", e);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
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
}
