using System.ComponentModel;
using System.Diagnostics;
using Ddlo.Cli.Output;
using Ddlo.Core.Data;
using Ddlo.Core.Policies;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary><c>ddlo evaluate</c>: a policy's mean gain ratio over a reference data set.</summary>
public sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
{
    public sealed class Settings : ScenarioCommandSettings
    {
        [CommandOption("--dataset <CSV>")]
        [Description("Data set with exact optima (header d0..,q_opt,x0..), e.g. samples/data/ddlo-mumt-3x3.csv.")]
        public string Dataset { get; init; } = string.Empty;

        [CommandOption("--policy <NAME>")]
        [Description("exhaustive | local | edge | random. Default: exhaustive.")]
        public string Policy { get; init; } = "exhaustive";

        [CommandOption("--seed <SEED>")]
        [Description("Seed of the random policy. Default: 1.")]
        public int Seed { get; init; } = 1;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Dataset)
                ? ValidationResult.Error("--dataset is required, e.g. --dataset samples/data/ddlo-mumt-3x3.csv")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.LoadScenario();
        var system = scenario.Settings.System;
        var model = system.CreateModel();
        var policy = BaselinePolicies.Create(settings.Policy, model, settings.Seed);
        var dataset = ReferenceDataset.Load(settings.Dataset, system.Devices, system.TasksPerDevice);

        var watch = Stopwatch.StartNew();
        var result = DatasetEvaluator.Evaluate(dataset, policy, model);
        double seconds = watch.Elapsed.TotalSeconds;

        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                result.Policy,
                result.Rows,
                result.MeanGainRatio,
                result.MinGainRatio,
                result.MeanQ,
                MaxRelError = result.MaxRelativeError,
                result.WorstLine,
                Dataset = settings.Dataset,
                Scenario = scenario.Name,
                Seconds = seconds,
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumns("", "");
        table.HideHeaders();
        table.AddRow("data set", Markup.Escape($"{settings.Dataset} ({result.Rows} rows)"));
        table.AddRow("scenario", Markup.Escape($"{scenario.Name} ({Describe.System(scenario)})"));
        table.AddRow("policy", result.Policy);
        table.AddRow("mean gain ratio", Describe.Number(result.MeanGainRatio, "0.######"));
        table.AddRow("min gain ratio", Describe.Number(result.MinGainRatio, "0.######"));
        table.AddRow("mean Q (J)", Describe.Number(result.MeanQ, "0.###"));
        table.AddRow("max rel. error vs q_opt", $"{Describe.Number(result.MaxRelativeError, "0.###e+0")} (line {result.WorstLine})");
        table.AddRow("time", $"{Describe.Number(seconds, "0.###")} s");
        AnsiConsole.Write(table);
        return 0;
    }
}
