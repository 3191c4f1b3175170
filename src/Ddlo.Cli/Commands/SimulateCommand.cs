using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Cli.Output;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary><c>ddlo simulate</c>: the whole DDLO loop as actors on one node, with live progress and a results folder.</summary>
public sealed class SimulateCommand : AsyncCommand<SimulateCommand.Settings>
{
    public sealed class Settings : RunCommandSettings
    {
        [CommandOption("--policy <NAME>")]
        [Description("Who decides: ddlo (the K DNNs, default) or a baseline: exhaustive | dual | local | edge | random.")]
        public string? Policy { get; init; }

        protected override IEnumerable<string> ExtraOverrides() =>
            Policy is null ? [] : [$"ddlo.run.policy={Policy}"];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.LoadScenario();
        string output = settings.ResultsDirectory("simulate");
        Logging.Configure(output);

        var sources = SimulationSources.Generated(scenario.Settings);
        var record = settings.Json
            ? await SimulationRunner.RunAsync(scenario, sources, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await RunView.RunWithProgressAsync(scenario, sources, "simulate", cancellationToken).ConfigureAwait(false);
        var summary = RunSummary.From(record);
        ResultsWriter.Write(output, record, SummaryJson.From(summary, scenario), scenario);

        if (settings.Json)
        {
            JsonOutput.Write(SummaryJson.From(summary, scenario, new Dictionary<string, object> { ["results"] = output }));
            return 0;
        }

        RunView.ShowSummary(summary);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Results: [bold]{Markup.Escape(output)}[/] (steps.csv, summary.json, convergence.png, loss.png, policies.png, ddlo.log)"));
        return 0;
    }
}
