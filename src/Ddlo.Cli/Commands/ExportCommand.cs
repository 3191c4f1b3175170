using System.ComponentModel;
using Ddlo.Cli.Output;
using Ddlo.Hosting.Export;
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
        [Description("ddlo (one model file for decide and bench, the default) or onnx (input float32 [[batch, N*M]] sizes in MB, output [[batch, N*M]] logits).")]
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
            var onnx = ModelExport.ToOnnx(settings.From, settings.Out, settings.Force);
            if (settings.Json)
            {
                JsonOutput.Write(new Dictionary<string, object>
                {
                    ["folder"] = onnx.Folder,
                    ["models"] = onnx.Models,
                    ["scenario"] = onnx.Scenario,
                    ["devices"] = onnx.Devices,
                    ["tasks_per_device"] = onnx.TasksPerDevice,
                });
                return 0;
            }

            AnsiConsole.MarkupLine(Markup.Escape(
                $"Exported {onnx.Models.Count} networks for {onnx.Devices} x {onnx.TasksPerDevice} as ONNX to {onnx.Folder} (dnn-k.onnx, and scenario.conf to run them)"));
            return 0;
        }

        var model = ModelExport.ToModelFile(settings.From, settings.Out, settings.Force);
        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["model"] = model.Path,
                ["networks"] = model.Networks,
                ["devices"] = model.Devices,
                ["tasks_per_device"] = model.TasksPerDevice,
                ["bytes"] = model.Bytes,
            });
            return 0;
        }

        AnsiConsole.MarkupLine(Markup.Escape(
            $"Exported {model.Networks} networks for {model.Devices} x {model.TasksPerDevice} ({model.Bytes / 1024.0:0.#} KiB) to {model.Path}"));
        return 0;
    }
}
