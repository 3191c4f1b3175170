using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Cli.Commands;
using Ddlo.Experiments;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console;

namespace Ddlo.Cli.Output;

/// <summary><c>simulate --seeds</c> and <c>--policy a,b</c>: the series of runs, each run's line as it ends, then a table over the seeds.</summary>
internal static class SeriesView
{
    public static async Task<int> RunAsync(SimulateCommand.Settings settings)
    {
        var first = settings.LoadScenario();
        // A map is one run at a time: refused before the results folder is claimed.
        Actors.Simulation.SimulationSources.RefuseMap(first.Settings);
        IReadOnlyList<int> seeds = settings.Seeds is null ? [first.Settings.Run.Seed] : settings.SeedList();
        IReadOnlyList<string> policies = settings.Policies ?? [first.Settings.Run.Policy];
        // Every policy must load before the first run starts, naming the one that does not; results name each by its
        // own name (a plug-in's Name), so two that are one policy could not be told apart.
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string policy in policies)
        {
            string name = Load(settings, seeds[0], policy).Settings.Run.PolicyName;
            if (!named.TryAdd(name, policy))
            {
                throw new ArgumentException($"--policy: {named[name]} and {policy} are both the policy '{name}'; name it once.");
            }
        }

        using var folder = settings.ClaimResultsDirectory("simulate");
        using var signals = new StopSignals();
        var series = await RunSeries.RunAsync(
            extra => settings.LoadScenario(extra.Select(pair => new ScenarioOverride(pair.StartsWith("ddlo.run.seed", StringComparison.Ordinal) ? "--seeds" : "--policy", pair))),
            seeds,
            policies,
            folder,
            settings.Force,
            name =>
            {
                if (!settings.Json)
                {
                    AnsiConsole.MarkupLine($"Running [bold]{Markup.Escape(name)}[/]...");
                }
            },
            signals.Token).ConfigureAwait(false);
        var words = first.Settings.System.Definition.Words;
        var rows = series.ByPolicy();
        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object?>
            {
                ["results"] = folder.Folder,
                ["stopped_in"] = series.StoppedIn,
                ["seeds"] = seeds,
                ["policies"] = rows.Select(row => new Dictionary<string, object?>
                {
                    ["policy"] = row.Policy,
                    ["decides"] = row.Decides,
                    ["mean_value"] = Interval(row.Seeds.Select(s => s.MeanQ)),
                    ["gain_ratio"] = Interval(row.Seeds.Select(s => s.MeanGainRatio)),
                    ["decision_us_p50"] = row.LatencyMicrosecondsP50.Count == 0 ? null : row.LatencyMicrosecondsP50.Average(),
                }).ToList(),
            });
            return series.StoppedIn is null ? 0 : signals.ExitCode;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"last 20 % of each run, {series.Runs.Select(r => r.Seed).Distinct().Count()} seed(s): mean ± sd [95 % CI]"))
            .AddColumn("policy")
            .AddColumn(new TableColumn(Markup.Escape(words.MeanHeading)).RightAligned())
            .AddColumn(new TableColumn("gain ratio").RightAligned())
            .AddColumn(new TableColumn("decision p50 (µs)").RightAligned());
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Decides ? row.Policy : $"{row.Policy} (scored in the {policies[0]} runs)"),
                Markup.Escape(SeedStatistics.MeanAndSpread(row.Seeds.Select(s => s.MeanQ / words.DisplayDivisor), "0.00")),
                Markup.Escape(SeedStatistics.MeanAndSpread(row.Seeds.Select(s => s.MeanGainRatio), "0.0000")),
                row.LatencyMicrosecondsP50.Count == 0 ? "—" : row.LatencyMicrosecondsP50.Average().ToString("0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        if (series.StoppedIn is { } stopped)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"Stopped in {stopped}: its checkpoint is in {Path.Combine(folder.Folder, stopped)} (continue it with ddlo simulate --resume {Path.Combine(folder.Folder, stopped)}); the table holds the {series.Runs.Length} runs that finished."));
            return signals.ExitCode;
        }

        AnsiConsole.MarkupLine(Markup.Escape($"Results: {folder.Folder} ({ResultsLayout.RunsFile}, and a results folder per run)"));
        return 0;
    }

    private static Scenario Load(SimulateCommand.Settings settings, int seed, string policy) =>
        settings.LoadScenario([new ScenarioOverride("--seeds", string.Create(CultureInfo.InvariantCulture, $"ddlo.run.seed={seed}")), new ScenarioOverride("--policy", RunSettings.PolicyOverride(policy))]);

    /// <summary>The mean and, over several seeds, the sample standard deviation and the 95 % interval (null over one seed).</summary>
    private static Dictionary<string, double?> Interval(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (mean, low, high) = SeedStatistics.ConfidenceInterval(list);
        double? Finite(double v) => double.IsFinite(v) ? v : null;
        return new Dictionary<string, double?>
        {
            ["mean"] = Finite(mean),
            ["sd"] = list.Count < 2 ? null : Finite(MathNet.Numerics.Statistics.Statistics.StandardDeviation(list)),
            ["ci95_low"] = Finite(low),
            ["ci95_high"] = Finite(high),
        };
    }
}
