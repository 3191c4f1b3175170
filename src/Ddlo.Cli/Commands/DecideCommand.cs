using System.ComponentModel;
using Ddlo.Actors.Systems;
using Ddlo.Cli.Output;
using Ddlo.Core.Model;
using Ddlo.Hosting.Results;
using Ddlo.Learning.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary><c>ddlo decide</c>: a decision from an exported model file, with no training, memory or cluster.</summary>
public sealed class DecideCommand : Command<DecideCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <FILE>")]
        [Description("A model file written by `ddlo export`.")]
        public string Model { get; init; } = string.Empty;

        [CommandOption("--workload <SIZES>")]
        [Description("N*M comma-separated task sizes in MB, device-major; for a WPMEC model, the N channel gains.")]
        public string Workload { get; init; } = string.Empty;

        [CommandOption("--json")]
        [Description("Print JSON instead of a table.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("--model FILE is required.")
            : string.IsNullOrWhiteSpace(Workload) ? ValidationResult.Error("--workload is required, e.g. --workload 22,25,10,13,13,17,19,29,28")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var model = ModelFiles.Load(settings.Model);
        var manifest = model.Manifest;
        double[] sizes = SolveCommand.ParseSizes(settings.Workload);
        if (sizes.Length != manifest.TaskCount)
        {
            throw new ArgumentException($"--workload: the model was trained for N x M = {manifest.Devices} x {manifest.TasksPerDevice}, so it needs {manifest.TaskCount} {model.SystemModel.ReportName}; got {sizes.Length}.");
        }

        var workload = Actors.Configuration.InputException.Read("--workload", () =>
        {
            var reports = Core.Model.Workload.Create(manifest.Devices, manifest.TasksPerDevice, sizes);
            model.SystemModel.CheckReports(reports);
            return reports;
        });
        var decision = model.Decide(workload);
        var solution = ModelFiles.DefinitionOf(manifest).DescribeDecision(
            model.SystemModel, workload, decision.Decision, $"network {decision.Network} of {manifest.DnnCount}").Finite("--workload");
        if (settings.Json)
        {
            JsonOutput.Write(SolveCommand.Fields([.. solution.Json, new("network", decision.Network), new("model", settings.Model)]));
            return 0;
        }

        SolveCommand.Show(solution);
        return 0;
    }
}
