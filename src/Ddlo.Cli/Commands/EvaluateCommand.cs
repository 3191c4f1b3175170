using System.ComponentModel;
using System.Diagnostics;
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
        [Description("ddlo | exhaustive | dual | local | edge | random | onnx (with ddlo.onnx.models), or a plug-in policy's type name (with ddlo.plugins); WPMEC: ddlo | exhaustive | coordinate-descent | local | edge | random. Default: exhaustive.")]
        public string Policy { get; init; } = "exhaustive";

        /// <summary>A plug-in or ONNX policy is the scenario's policy, so that it loads (and fails) as the scenario loads.</summary>
        protected override IEnumerable<ScenarioOverride> ExtraOverrides() =>
            Policy == RunSettings.OnnxPolicy || PolicyPlugins.IsTypeName(Policy) ? [new ScenarioOverride($"--policy {Policy}", $"ddlo.run.policy={Policy}")] : [];

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Dataset))
            {
                return ValidationResult.Error("--dataset is required, e.g. --dataset samples/data/ddlo-mumt-3x3.csv");
            }

            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.LoadScenario();
        if (scenario.Settings.System.Definition.Abilities.WhyNotEvaluate is { } why)
        {
            throw ScenarioException.For(scenario.SourceOf("ddlo.system.model"), "ddlo.system.model", why);
        }

        var system = scenario.Settings.System;
        var model = system.CreateSystemModel();
        int seed = settings.Seed ?? 1;
        if (settings.Policy is not (RunSettings.LearnedPolicy or RunSettings.OnnxPolicy) && !PolicyPlugins.IsTypeName(settings.Policy) && !model.Baselines.Contains(settings.Policy))
        {
            // Checked against the scenario's model, not a list of built-in names: a registered model's own baselines evaluate too.
            string[] policies = [RunSettings.LearnedPolicy, .. model.Baselines, RunSettings.OnnxPolicy];
            throw ScenarioException.For("--policy", null,
                $"unknown policy '{settings.Policy}' for the {model.Name} model; expected one of: {string.Join(", ", policies.Distinct())}, or a plug-in policy's type name (MyLab.GreedyPolicy).");
        }

        var policy = settings.Policy switch
        {
            RunSettings.LearnedPolicy => null,
            var type when PolicyPlugins.IsTypeName(type) => PolicyPlugins.Guarded(scenario.Settings.CreatePolicy(seed), scenario.Settings.Run.CandidateDeadline),
            RunSettings.OnnxPolicy => OnnxModels(scenario, model, seed),
            var name => model.CreateBaseline(name, seed),
        };
        var dataset = system.LoadDataset(settings.Dataset);
        if (policy is null)
        {
            return await EvaluateLearnedAsync(scenario, dataset, settings, cancellationToken).ConfigureAwait(false);
        }

        var watch = Stopwatch.StartNew();
        var result = DatasetEvaluator.Evaluate(dataset, policy, model);
        double seconds = watch.Elapsed.TotalSeconds;
        if (result.RowsAboveOptimum > 0)
        {
            Console.Error.WriteLine(DatasetEvaluator.AboveOptimumWarning(settings.Dataset, result.RowsAboveOptimum, result.FirstLineAboveOptimum));
        }

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
                result.RowsAboveOptimum,
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
        var words = system.Definition.Words;
        table.AddRow(words.MeanHeading, Describe.Number(result.MeanQ / words.DisplayDivisor, words.DetailFormat));
        table.AddRow("max rel. error vs q_opt", $"{Describe.Number(result.MaxRelativeError, "0.###e+0")} (line {result.WorstLine})");
        table.AddRow("time", $"{Describe.Number(seconds, "0.###")} s");
        AnsiConsole.Write(table);
        return 0;
    }

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

    /// <summary>The scenario's ONNX models (checked when it loaded), the cheapest proposal of each workload kept.</summary>
    private static BestOfPolicy OnnxModels(Scenario scenario, Core.Systems.ISystemModel model, int seed) =>
        new(RunSettings.OnnxPolicy, model, [.. Enumerable.Range(0, scenario.Settings.OnnxModels.Length).Select(k => scenario.Settings.CreatePolicy(seed, k))]);
}
