using System.ComponentModel;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Plugins;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Cli.Output;
using Ddlo.Core.Data;
using Ddlo.Core.Policies;
using Ddlo.Core.Workloads;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo evaluate</c>: a policy's mean gain ratio over a reference data set. The baselines are scored row by
/// row; <c>ddlo</c> replays the set through the actor pipeline with the published protocol and learns online.
/// </summary>
public sealed class EvaluateCommand : AsyncCommand<EvaluateCommand.Settings>
{
    public sealed class Settings : RunCommandSettings
    {
        [CommandOption("--dataset <CSV>")]
        [Description("Data set with exact optima: MUMT's d0..,q_opt,x0.. (samples/data/ddlo-mumt-3x3.csv) or, with a WPMEC scenario, h0..,q_opt,x0.. (samples/data/droo-wpmec-10.csv.gz). .csv or .csv.gz.")]
        public string Dataset { get; init; } = string.Empty;

        [CommandOption("--policy <NAME>")]
        [Description("ddlo | exhaustive | dual | coordinate-descent | local | edge | random | onnx (with ddlo.onnx.models), or a plug-in policy's Name or type name (with ddlo.plugins); WPMEC: ddlo | exhaustive | coordinate-descent | local | edge | random. Several, comma-separated (exhaustive,edge,threshold), are scored on the same rows into one table (ddlo alone). Default: exhaustive.")]
        public string Policy { get; init; } = "exhaustive";

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Dataset))
            {
                return ValidationResult.Error("--dataset is required, e.g. --dataset samples/data/ddlo-mumt-3x3.csv");
            }

            try
            {
                if (DatasetScoring.Policies(Policy) is { Count: > 1 } list && list.Contains(RunSettings.LearnedPolicy))
                {
                    return ValidationResult.Error("--policy: ddlo replays the data set, learning online, with a summary of its own; evaluate it alone (--policy ddlo).");
                }
            }
            catch (ArgumentException e)
            {
                return ValidationResult.Error(e.Message);
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.LoadScenario();
        if (scenario.Settings.System.Abilities.WhyNotEvaluate is { } why)
        {
            string key = scenario.Settings.System.Abilities.Key;
            throw ScenarioException.For(scenario.SourceOf(key), key, why);
        }

        var system = scenario.Settings.System;
        var model = system.CreateSystemModel();
        int seed = settings.Seed ?? 1;
        var names = DatasetScoring.Policies(settings.Policy);
        if (names is [RunSettings.LearnedPolicy])
        {
            return await EvaluateLearnedAsync(scenario, system.LoadDataset(settings.Dataset), settings, cancellationToken).ConfigureAwait(false);
        }

        // Every policy loads before any is scored, naming the one that does not.
        var policies = names.Select(name => DatasetScoring.Create(
            scenario, policy => settings.LoadScenario([new ScenarioOverride($"--policy {policy}", RunSettings.PolicyOverride(policy))]), name, seed)).ToList();
        var dataset = system.LoadDataset(settings.Dataset);
        var scored = new List<DatasetScoring.Scored>();
        foreach (var policy in policies)
        {
            var one = DatasetScoring.Score(dataset, policy, model);
            if (one.Result.RowsAboveOptimum > 0)
            {
                Console.Error.WriteLine(DatasetEvaluator.AboveOptimumWarning(settings.Dataset, one.Result.RowsAboveOptimum, one.Result.FirstLineAboveOptimum));
            }

            scored.Add(one);
        }

        if (settings.Json)
        {
            var objects = scored.Select(one => Json(one, settings.Dataset, scenario.Name)).ToList();
            // One policy keeps the one object it always gave; a list gives an array of them.
            JsonOutput.Write(names.Count == 1 ? objects[0] : objects);
            return 0;
        }

        AnsiConsole.MarkupLine(Markup.Escape($"data set {settings.Dataset} ({scored[0].Result.Rows} rows), scenario {scenario.Name} ({Describe.System(scenario)})"));
        var words = system.Definition.Words;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("policy", "mean gain ratio", "min gain ratio", Markup.Escape(words.MeanHeading), "max rel. error vs q_opt", "time");
        foreach (var (result, seconds) in scored)
        {
            table.AddRow(
                Markup.Escape(result.Policy),
                Describe.Number(result.MeanGainRatio, "0.######"),
                Describe.Number(result.MinGainRatio, "0.######"),
                Describe.Number(result.MeanQ / words.DisplayDivisor, words.DetailFormat),
                $"{Describe.Number(result.MaxRelativeError, "0.###e+0")} (line {result.WorstLine})",
                $"{Describe.Number(seconds, "0.###")} s");
        }

        AnsiConsole.Write(table);
        return 0;
    }

    private static object Json(DatasetScoring.Scored one, string dataset, string scenario) => new
    {
        one.Result.Policy,
        one.Result.Rows,
        one.Result.MeanGainRatio,
        one.Result.MinGainRatio,
        one.Result.MeanQ,
        MaxRelError = one.Result.MaxRelativeError,
        one.Result.WorstLine,
        one.Result.RowsAboveOptimum,
        Dataset = dataset,
        Scenario = scenario,
        one.Seconds,
    };

    /// <summary>The published DDLO protocol (<see cref="DatasetReplay"/>), with a progress bar unless --json.</summary>
    private static async Task<int> EvaluateLearnedAsync(Scenario scenario, ReferenceDataset dataset, Settings settings, CancellationToken cancellationToken)
    {
        using var folder = settings.Out is null ? null : settings.ClaimResultsDirectory("evaluate");
        string? output = folder?.Folder;
        Logging.Configure(output);
        var result = await DatasetReplay.RunAsync(
            scenario,
            dataset,
            settings.Dataset,
            settings.Json ? null : sources => RunView.RunWithProgressAsync(scenario, sources, "evaluate ddlo", cancellationToken),
            cancellationToken).ConfigureAwait(false);
        if (result.AboveOptimumWarning is { } warning)
        {
            Console.Error.WriteLine(warning);
        }

        var summary = result.Summary;
        // The run has fixed this process's numerics (SimulationRunner): asking again returns those in force.
        var numerics = Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics).InForce;
        var json = SummaryJson.From(summary, scenario, RunDigest.Of(result.Record), numerics, result.Fields);
        if (output is not null)
        {
            ResultsWriter.Write(output, result.Record, json, scenario);
        }

        if (settings.Json)
        {
            JsonOutput.Write(json);
            return 0;
        }

        RunView.ShowSummary(summary, scenario.Settings.System.Definition.Words);
        AnsiConsole.MarkupLine(
            $"[bold]test mean gain ratio[/] {Describe.Number(result.TestMeanGainRatio, "0.0000")} over the last {result.TestSteps} steps " +
            $"(rows {result.Schedule.TrainRows + 1}..{dataset.Rows.Length}), {Describe.Number(summary.StepsPerSecond, "0")} steps/s" +
            (output is null ? string.Empty : $"; results in {Markup.Escape(output)}"));
        return 0;
    }
}
