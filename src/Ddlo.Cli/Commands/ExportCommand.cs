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
        [Description("The model file to write, e.g. model.ddlo.")]
        public string Out { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("--from DIR is required (a results folder).")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE is required, e.g. --out model.ddlo")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
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
            Path.GetFullPath(settings.From));
        OffloadingModel.Write(settings.Out, manifest, files.Select(File.ReadAllBytes).ToList());

        // Read it back: a model that cannot be loaded must not be reported as exported.
        using var check = OffloadingModel.Load(settings.Out);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Exported {files.Count} networks for {manifest.Devices} x {manifest.TasksPerDevice} ({new FileInfo(settings.Out).Length / 1024.0:0.#} KiB) to {settings.Out}"));
        return 0;
    }
}
