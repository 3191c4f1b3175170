using System.ComponentModel;
using System.Globalization;
using Ddlo.Cli.Output;
using Ddlo.Core.Model;
using Ddlo.Hosting.Results;
using Ddlo.Learning.Deployment;
using Spectre.Console.Cli;
using Spectre.Console;

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
        using var model = OffloadingModel.Load(settings.Model);
        var manifest = model.Manifest;
        double[] sizes = SolveCommand.ParseSizes(settings.Workload);
        if (sizes.Length != manifest.TaskCount)
        {
            throw new ArgumentException($"--workload: the model was trained for N x M = {manifest.Devices} x {manifest.TasksPerDevice}, so it needs {manifest.TaskCount} {model.SystemModel.ReportName}; got {sizes.Length}.");
        }

        var workload = Core.Model.Workload.Create(manifest.Devices, manifest.TasksPerDevice, sizes);
        model.SystemModel.CheckReports(workload);
        var decision = model.Decide(workload);
        if (model.SystemModel is Core.Wpmec.WpmecModel wpmec)
        {
            return ShowWpmec(wpmec, workload, decision, settings, manifest);
        }

        var evaluation = model.Evaluate(workload, decision.Decision);

        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                Decision = decision.Decision.ToString(),
                evaluation.Q,
                evaluation.Bandwidth,
                decision.Network,
                Model = settings.Model,
            });
            return 0;
        }

        AnsiConsole.MarkupLine($"[bold]Decision[/]  {decision.Decision} [grey](network {decision.Network} of {manifest.DnnCount})[/]");
        AnsiConsole.MarkupLine($"[bold]Q[/]         {Describe.Number(evaluation.Q, "0.######")} J");
        AnsiConsole.MarkupLine("[bold]Bandwidth[/] " + string.Join("  ", evaluation.Bandwidth.Select((c, n) => string.Create(CultureInfo.InvariantCulture, $"device {n}: {c:0.###} MB/s"))));
        return 0;
    }

    /// <summary>A WPMEC decision: which devices offload, the rate, and the exact time split (a, tau).</summary>
    private static int ShowWpmec(Core.Wpmec.WpmecModel wpmec, Core.Model.Workload workload, ModelDecision decision, Settings settings, ModelManifest manifest)
    {
        var split = wpmec.Solve(workload, decision.Decision);
        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                Decision = decision.Decision.ToString(),
                RateBitsPerSecond = split.Rate,
                PowerTransfer = split.PowerTransfer,
                OffloadTimes = split.OffloadTimes,
                decision.Network,
                Model = settings.Model,
            });
            return 0;
        }

        AnsiConsole.MarkupLine($"[bold]Decision[/]  {decision.Decision} [grey](1 = offload; network {decision.Network} of {manifest.DnnCount})[/]");
        AnsiConsole.MarkupLine($"[bold]Rate[/]      {Describe.Number(split.Rate / 1e6, "0.######")} Mbit/s (weighted sum)");
        AnsiConsole.MarkupLine($"[bold]Split[/]     power transfer a = {Describe.Number(split.PowerTransfer, "0.####")}  " +
            string.Join("  ", split.OffloadTimes.Select((t, n) => (t, n)).Where(p => p.t > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"tau{p.n} = {p.t:0.####}"))));
        return 0;
    }
}
