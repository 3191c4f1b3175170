using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Cli.Output;
using Ddlo.Core.Model;
using Ddlo.Core.Search;
using Ddlo.Hosting.Results;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo solve</c>: Q, the bandwidth split and the breakdown of one decision, or the exhaustive optimum; for a WPMEC
/// scenario, the rate and the exact time split of a mode, or of the best mode.
/// </summary>
public sealed class SolveCommand : Command<SolveCommand.Settings>
{
    public sealed class Settings : ScenarioCommandSettings
    {
        [CommandOption("--workload <SIZES>")]
        [Description("N*M comma-separated task sizes in MB, device-major (d[n*M+m]); for a WPMEC scenario, the N channel gains.")]
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
        if (system.IsLydroo)
        {
            throw ScenarioException.For(scenario.SourceOf("ddlo.system.model"), "ddlo.system.model",
                "solve prices one slot's reports, but LyDROO's critic also needs each device's queues; run it with simulate (steps.csv holds every frame's queues).");
        }
        var workload = Workload(system, settings.Workload);
        if (system.IsWpmec)
        {
            return SolveWpmec(scenario, system.Wpmec!.CreateModel(), workload, settings);
        }

        var model = system.CreateMumtModel();

        string how = settings.Decision.Trim().ToLowerInvariant();
        bool best = how == "best";
        var watch = Stopwatch.StartNew();
        DualSolution? dual = how == "dual" ? new DualDecomposition(model).Solve(workload) : null;
        var decision = best ? new ExhaustiveSearch(model).Solve(workload).Decision
            : dual?.Decision ?? OffloadDecision.Parse(settings.Decision, workload.TaskCount);
        double searchMs = watch.Elapsed.TotalMilliseconds;
        var evaluation = model.Evaluate(workload, decision);

        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                Scenario = scenario.Name,
                Workload = workload.Sizes,
                Decision = decision.ToString(),
                Optimal = best,
                evaluation.Q,
                evaluation.Bandwidth,
                Price = evaluation.Price,
                Devices = evaluation.Devices,
                SearchMilliseconds = best || dual is not null ? searchMs : (double?)null,
                LowerBound = dual?.LowerBound,
                Gap = dual?.Gap,
            });
            return 0;
        }

        AnsiConsole.MarkupLine($"[bold]Scenario[/]  {Markup.Escape(scenario.Name)} ({Describe.System(scenario)})");
        string note = best
            ? string.Create(CultureInfo.InvariantCulture, $" [grey](optimal over 2^{workload.TaskCount} decisions, {searchMs:0.###} ms)[/]")
            : dual is not null
                ? string.Create(CultureInfo.InvariantCulture, $" [grey](dual decomposition: lower bound {dual.LowerBound:0.######} J, certified gap {dual.Gap:0.###e+0}, {searchMs:0.###} ms)[/]")
                : string.Empty;
        AnsiConsole.MarkupLine($"[bold]Decision[/]  {decision}{note}");
        AnsiConsole.MarkupLine($"[bold]Q[/]         {Describe.Number(evaluation.Q, "0.######")} J");

        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in new[] { "n", "d (MB)", "x", "c MB/s", "E (J)", "L (s)", "D/c (s)", "S (s)", "delay", "cost (J)" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var device in evaluation.Devices)
        {
            int n = device.Device;
            table.AddRow(
                n.ToString(CultureInfo.InvariantCulture),
                string.Join(",", workload.Device(n).ToArray().Select(d => Describe.Number(d))),
                decision.ToString().Substring(n * workload.TasksPerDevice, workload.TasksPerDevice),
                Describe.Number(device.Bandwidth, "0.##"),
                Describe.Number(device.Energy, "0.##"),
                Describe.Number(device.LocalTime, "0.##"),
                Describe.Number(device.UploadTime, "0.##"),
                Describe.Number(device.EdgeTime, "0.##"),
                Describe.Number(device.Delay, "0.##"),
                Describe.Number(device.Cost, "0.##"));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]E energy, L local time, D/c upload time, S edge time; delay = max(L, D/c + S); cost = E + beta * delay.[/]");
        return 0;
    }

    /// <summary>The slot's reports from <c>--workload</c>, checked by the system model (a wrong count or a bad value named in one line).</summary>
    private static Core.Model.Workload Workload(Ddlo.Actors.Configuration.SystemSettings system, string text)
    {
        double[] values = ParseSizes(text);
        var model = system.CreateSystemModel();
        if (values.Length != system.TaskCount && system.IsWpmec)
        {
            throw new ArgumentException($"--workload: this scenario has {system.TaskCount} {model.ReportName} per slot (N = {system.Devices}), got {values.Length}.");
        }

        var workload = Core.Model.Workload.Create(system.Devices, system.TasksPerDevice, values);
        model.CheckReports(workload);
        return workload;
    }

    /// <summary>The rate and exact time split of the given mode, or of the best (exhaustive for N &lt;= 20, coordinate descent beyond).</summary>
    private static int SolveWpmec(Ddlo.Actors.Configuration.Scenario scenario, Core.Wpmec.WpmecModel model, Core.Model.Workload workload, Settings settings)
    {
        string how = settings.Decision.Trim().ToLowerInvariant();
        if (how == "dual")
        {
            throw new ArgumentException("--decision dual: the dual decomposition prices MUMT's bandwidth; for WPMEC give the mode's bits or best.");
        }

        var watch = Stopwatch.StartNew();
        bool best = how == "best";
        bool exhaustive = workload.Devices <= Core.Wpmec.WpmecSearch.MaxExhaustiveDevices;
        var gains = workload.Sizes.AsSpan();
        var mode = !best ? OffloadDecision.Parse(settings.Decision, workload.TaskCount)
            : OffloadDecision.FromBits(exhaustive
                ? model.Search.Exhaustive(gains, model.Weights.AsSpan()).Mode
                : model.Search.CoordinateDescent(gains, model.Weights.AsSpan(), new bool[workload.Devices]).Mode);
        double searchMs = watch.Elapsed.TotalMilliseconds;
        var split = model.Solve(workload, mode);
        if (settings.Json)
        {
            JsonOutput.Write(new
            {
                Scenario = scenario.Name,
                Gains = workload.Sizes,
                Decision = mode.ToString(),
                Optimal = best && exhaustive,
                RateBitsPerSecond = split.Rate,
                split.PowerTransfer,
                split.OffloadTimes,
                Price = split.Price,
                SearchMilliseconds = best ? searchMs : (double?)null,
            });
            return 0;
        }

        AnsiConsole.MarkupLine($"[bold]Scenario[/]  {Markup.Escape(scenario.Name)} ({Describe.System(scenario)})");
        string note = !best ? string.Empty
            : exhaustive ? string.Create(CultureInfo.InvariantCulture, $" [grey](optimal over 2^{workload.Devices} modes, {searchMs:0.###} ms)[/]")
            : string.Create(CultureInfo.InvariantCulture, $" [grey](coordinate descent from all-local, {searchMs:0.###} ms; 2^{workload.Devices} modes are out of reach)[/]");
        AnsiConsole.MarkupLine($"[bold]Mode[/]      {mode} (1 = offload){note}");
        AnsiConsole.MarkupLine($"[bold]Rate[/]      {Describe.Number(split.Rate / 1e6, "0.######")} Mbit/s (weighted sum)");
        AnsiConsole.MarkupLine($"[bold]Split[/]     power transfer a = {Describe.Number(split.PowerTransfer, "0.######")}; " +
            string.Join("  ", split.OffloadTimes.Select((t, n) => (t, n)).Where(p => p.t > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"tau{p.n} = {p.t:0.######}"))));
        return 0;
    }

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
