using System.ComponentModel;
using Ddlo.Actors.Configuration;
using Ddlo.Cli.Output;
using Ddlo.Learning.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary><c>ddlo export</c>: packs a finished run's networks and system into one model file.</summary>
public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--from <DIR>")]
        [Description("Results folder of a simulate, evaluate or node run (holds scenario.conf and networks/).")]
        public string From { get; init; } = string.Empty;

        [CommandOption("--out <FILE>")]
        [Description("The model file to write, e.g. model.ddlo (a new file; see --force).")]
        public string Out { get; init; } = string.Empty;

        [CommandOption("--force")]
        [Description("Replace an existing model file at --out.")]
        public bool Force { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON instead of text.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("--from DIR is required (a results folder).")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE is required, e.g. --out model.ddlo")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (File.Exists(settings.Out) && !settings.Force)
        {
            throw new ArgumentException($"--out {settings.Out}: the file exists; choose another name or pass --force to replace it.");
        }

        if (Directory.Exists(settings.Out))
        {
            throw new ArgumentException($"--out {settings.Out}: is a folder; name the model file to write, e.g. --out model.ddlo.");
        }

        string scenarioFile = Path.Combine(settings.From, ResultsWriter.ScenarioFile);
        string networks = Path.Combine(settings.From, ResultsWriter.NetworksFolder);
        if (!File.Exists(scenarioFile) || !Directory.Exists(networks))
        {
            throw new ArgumentException($"--from {settings.From}: not the results folder of a learning run (no {ResultsWriter.ScenarioFile} and {ResultsWriter.NetworksFolder}/).");
        }

        var run = Scenario.SettingsFromHocon(File.ReadAllText(scenarioFile), scenarioFile);
        var files = Enumerable.Range(0, run.Learning.DnnCount).Select(k => Path.Combine(networks, $"dnn-{k}.bin")).Where(File.Exists).ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"--from {settings.From}: {ResultsWriter.NetworksFolder}/ holds no network.");
        }

        var manifest = new ModelManifest(
            ModelManifest.CurrentFormat,
            run.System.Devices,
            run.System.TasksPerDevice,
            files.Count,
            run.Learning.HiddenLayers,
            run.Workload.MinMb,
            run.Workload.MaxMb,
            run.Learning.InputScale,
            run.System.BandwidthPolicy,
            run.System.Parameters,
            Path.GetFullPath(settings.From))
        {
            Architecture = run.Learning.Architecture,
        };
        // Written beside the target and read back before it replaces anything: a model that cannot be loaded is
        // neither reported as exported nor left where a good one was.
        string written = settings.Out + ".new";
        try
        {
            OffloadingModel.Write(written, manifest, files.Select(File.ReadAllBytes).ToList());
            using (OffloadingModel.Load(written))
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
}
