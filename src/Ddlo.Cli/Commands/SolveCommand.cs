using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Cli.Output;
using Ddlo.Core.Model;
using Ddlo.Core.Search;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo solve</c>: one slot priced exactly, as the scenario's system model solves it (<see cref="ISlotSolver"/>): for
/// MUMT, Q, the bandwidth split and the breakdown of one decision, or the exhaustive optimum; for WPMEC, the rate and the
/// exact time split of a mode, or of the best mode.
/// </summary>
public sealed class SolveCommand : Command<SolveCommand.Settings>
{
    /// <summary>A line's value starts in this column, after its label.</summary>
    private const int LabelWidth = 10;

    public sealed class Settings : ScenarioCommandSettings
    {
        [CommandOption("--workload <SIZES>")]
        [Description("N*M comma-separated task sizes in MB, device-major (d[[n*M+m]]); for a WPMEC scenario, the N channel gains.")]
        public string Workload { get; init; } = string.Empty;

        [CommandOption("--decision <BITS>")]
        [Description("N*M bits (1 = offload), 'best' for the exhaustive optimum, or 'dual' for the dual decomposition's certified decision (MUMT). Default: best.")]
        public string Decision { get; init; } = "best";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Workload)
                ? ValidationResult.Error("--workload is required, e.g. --workload 22,25,10,13,13,17,19,29,28")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var scenario = settings.LoadScenario();
        var system = scenario.Settings.System;
        if (system.Abilities.WhyNotSolve is { } why)
        {
            string key = system.Abilities.Key;
            throw ScenarioException.For(scenario.SourceOf(key), key, why);
        }

        var solver = system.Configured.CreateSolver();
        var workload = InputException.Read("--workload", () => solver.Reports(ParseSizes(settings.Workload), system.Devices));
        var solution = solver.Solve(workload, settings.Decision).Finite("--workload");
        if (settings.Json)
        {
            JsonOutput.Write(Fields([new("scenario", scenario.Name), .. solution.Json]));
            return 0;
        }

        AnsiConsole.MarkupLine($"[bold]Scenario[/]  {Markup.Escape(scenario.Name)} ({Describe.System(scenario)})");
        Show(solution);
        return 0;
    }

    /// <summary>A slot's solution as the system model gives it: labelled lines, then any table and its footnote.</summary>
    internal static void Show(SlotSolution solution)
    {
        foreach (var line in solution.Lines)
        {
            string note = line.Note is null ? string.Empty : $" [grey]({Markup.Escape(line.Note)})[/]";
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(line.Label)}[/]{new string(' ', Math.Max(1, LabelWidth - line.Label.Length))}{Markup.Escape(line.Value)}{note}");
        }

        if (solution.Table is not { } rows)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in rows.Columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        foreach (var row in rows.Rows)
        {
            table.AddRow([.. row.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(rows.Footnote)}[/]");
    }

    /// <summary>JSON fields in order (the names as written: snake_case).</summary>
    internal static Dictionary<string, object?> Fields(IEnumerable<KeyValuePair<string, object?>> fields) => new(fields);

    internal static double[] ParseSizes(string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out sizes[i]))
            {
                throw new ArgumentException($"--workload: task size d{i} '{parts[i]}' is not a number.");
            }
        }

        return sizes;
    }
}
