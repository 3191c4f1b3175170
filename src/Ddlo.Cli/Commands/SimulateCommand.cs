using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Actors.World;
using Ddlo.Cli.Output;
using Ddlo.Hosting.Management;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo simulate</c>: the whole DDLO loop as actors on one node, with live progress and a results folder. The run
/// saves checkpoints there (every <c>ddlo.run.checkpoint-interval</c> steps, and on Ctrl-C or SIGTERM, after which it
/// stops), and <c>--resume DIR</c> continues from the last one.
/// </summary>
public sealed class SimulateCommand : AsyncCommand<SimulateCommand.Settings>
{
    public sealed class Settings : RunCommandSettings
    {
        [CommandOption("--policy <NAME>")]
        [Description("Who decides: ddlo (the K DNNs, default), a baseline (exhaustive | dual | coordinate-descent | local | edge | random), or a plug-in policy's Name or type name (with ddlo.plugins). Several, comma-separated (ddlo,edge,threshold), run side by side on the same workloads, each into a folder of its own.")]
        public string? Policy { get; init; }

        [CommandOption("--seeds <LIST>")]
        [Description("Run each seed of the list (1-5, or 1,3,7), each into a folder of its own, and report every seed and the mean ± sd [[95 % confidence interval]] over them.")]
        public string? Seeds { get; init; }

        /// <summary>The deciding policies of a series (<c>--policy a,b</c>), or null for one run.</summary>
        public IReadOnlyList<string>? Policies => Policy is not null && Actors.Plugins.PolicyPlugins.ListOf(Policy) is { Count: > 1 } list ? list : null;

        /// <summary>Whether this is a series of runs (several seeds or policies) rather than one run.</summary>
        public bool IsSeries => Seeds is not null || Policies is not null;

        [CommandOption("--resume <DIR>")]
        [Description("Continue the run in this results folder from its last checkpoint (the settings come from the checkpoint; --steps may extend it).")]
        public string? Resume { get; init; }

        [CommandOption("--metrics-port <PORT>")]
        [Description("Serve the run's metrics for Prometheus at http://localhost:PORT/metrics while it runs (slots decided, degraded slots, DNN restarts, training rounds, the rolling gain ratio, histograms of decision latency and candidates per slot), and health checks at /health/live and /health/ready.")]
        public int? MetricsPort { get; init; }

        [CommandOption("--decisions")]
        [Description("Also write decisions.csv: one row per slot and device with what the device reported, the kept decision's bits and the device's share of its exact allocation (as ddlo.results.decisions = on).")]
        public bool Decisions { get; init; }

        protected override IEnumerable<ScenarioOverride> ExtraOverrides()
        {
            var overrides = new List<ScenarioOverride>();
            if (Policy is not null && Policies is null)
            {
                overrides.Add(new ScenarioOverride($"--policy {Policy}", RunSettings.PolicyOverride(Policy)));
            }

            if (Decisions)
            {
                overrides.Add(new ScenarioOverride("--decisions", $"{ResultsSettings.DecisionsKey}=on"));
            }

            return overrides;
        }

        /// <summary>The seeds of <c>--seeds</c>: a range (1-5) or a list (1,3,7), each at most once.</summary>
        public IReadOnlyList<int> SeedList()
        {
            string text = Seeds ?? string.Empty;
            var range = text.Split('-', StringSplitOptions.TrimEntries);
            List<int>? seeds = range.Length == 2 && int.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                && int.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out int last) && first <= last && last - first < 1000
                ? [.. Enumerable.Range(first, last - first + 1)]
                : text.Split(',', StringSplitOptions.TrimEntries).Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int seed) ? seed : (int?)null).ToList() is var list && list.All(s => s is not null)
                    ? [.. list.Select(s => s!.Value)]
                    : null;
            return seeds is null || seeds.Count == 0
                ? throw new ArgumentException($"--seeds: expected a range such as 1-5 or a list such as 1,3,7 of seeds (whole numbers >= 0, at most 1,000 of them), got '{text}'.")
                : seeds.Distinct().Count() != seeds.Count
                    ? throw new ArgumentException($"--seeds: seed {seeds.GroupBy(s => s).First(g => g.Count() > 1).Key} is listed twice.")
                    : seeds;
        }

        public override ValidationResult Validate()
        {
            if (Resume is { } resume && string.IsNullOrWhiteSpace(resume))
            {
                return ValidationResult.Error("--resume: expected the results folder of the run to continue, got an empty name.");
            }

            if (Resume is not null && (ScenarioFile is not null || Overrides.Length > 0 || Seed is not null || Policy is not null || Out is not null || Force || Decisions))
            {
                return ValidationResult.Error("--resume continues a run with the settings it was started with: drop --scenario, --set, --seed, --policy, --decisions, --out and --force (only --steps may be given).");
            }

            if (IsSeries && (Resume is not null || Seed is not null || MetricsPort is not null))
            {
                return ValidationResult.Error("--seeds and a list of --policy run a series of runs: drop --seed, --resume and --metrics-port (each run of a series resumes alone: simulate --resume FOLDER/RUN).");
            }

            if (Seeds is not null)
            {
                try
                {
                    SeedList();
                }
                catch (ArgumentException e)
                {
                    return ValidationResult.Error(e.Message);
                }
            }

            if (Policies is { } policies && (policies.Any(p => p.Length == 0) || policies.Distinct().Count() != policies.Count))
            {
                return ValidationResult.Error($"--policy: a list names each policy once, with no empty entry; got '{Policy}'.");
            }

            if (MetricsPort is { } port && (port < 1 || port > 65535))
            {
                return ValidationResult.Error($"--metrics-port must be a port number from 1 to 65535, got {port}.");
            }

            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.IsSeries)
        {
            return await SeriesView.RunAsync(settings).ConfigureAwait(false);
        }

        // Signals first: a SIGTERM while the run starts still ends it as a stop (with its checkpoint), never as a kill.
        using var signals = new StopSignals();
        // Metrics next: a port in use is refused before any results folder is made.
        bool started = false;
        using var metrics = settings.MetricsPort is { } port
            ? ManagementEndpoint.Start(port, "--metrics-port", "localhost", RunManagement.Routes(() => Volatile.Read(ref started)))
            : null;
        using var session = settings.Resume is { } directory
            ? RunSession.Resume(directory, settings.Steps)
            : RunSession.Start(settings.LoadScenario(), settings.ClaimResultsDirectory("simulate"));
        var scenario = session.Scenario;
        Volatile.Write(ref started, true);
        if (session.ResumeFrom is { } resumeFrom && !settings.Json)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Resuming [bold]{Markup.Escape(session.Output)}[/] from the checkpoint at step {resumeFrom.Step}."));
        }

        if (MapRunner.IsMap(scenario.Settings))
        {
            return await MapView.RunSessionAsync(
                session,
                settings.Json,
                "simulate",
                (progress, stop) => MapRunner.RunAsync(session.Scenario, session.Checkpoints, progress, stop),
                $"ddlo simulate --resume {session.Output}",
                signals).ConfigureAwait(false);
        }

        var sources = SimulationSources.Generated(scenario.Settings);
        var result = await session.RunAsync(
            (checkpoints, stop) => settings.Json
                ? SimulationRunner.RunAsync(scenario, sources, checkpoints, null, stop)
                : RunView.RunWithProgressAsync(scenario, sources, checkpoints, "simulate", stop),
            signals.Token).ConfigureAwait(false);
        string output = session.Output;
        if (result.Stopped is { } stopped)
        {
            string message = string.Create(CultureInfo.InvariantCulture, $"Stopped at step {stopped.Step} of {scenario.Settings.Run.Steps}; checkpoint saved to {stopped.Path}. Continue with: ddlo simulate --resume {output}");
            if (settings.Json)
            {
                JsonOutput.Write(new Dictionary<string, object> { ["stopped_at"] = stopped.Step, ["checkpoint"] = stopped.Path, ["results"] = output });
            }
            else
            {
                AnsiConsole.MarkupLine(Markup.Escape(message));
            }

            return signals.ExitCode;
        }

        if (settings.Json)
        {
            JsonOutput.Write(result.SummaryJson);
            return 0;
        }

        RunView.ShowSummary(result.Summary!, scenario.Settings.System.Definition.Words);
        // The fingerprint a user compares with the README's, or with a colleague's run (README, "Repeatability").
        AnsiConsole.MarkupLine($"Digest: [bold]{RunDigest.Shown(result.Digest!)}[/] ({Learning.TorchRuntime.Name(session.Numerics)} numerics; all 64 hex digits in summary.json)");
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"Results: [bold]{Markup.Escape(output)}[/] (steps.csv{(scenario.Settings.Results.Decisions ? ", decisions.csv" : string.Empty)}, summary.json, convergence.png, loss.png, policies.png{(scenario.Settings.System.Queueing is not null ? ", queues.png, energy.png" : string.Empty)}{(scenario.Settings.Results.Figures.Svg ? " and their .svg" : string.Empty)}, ddlo.log)"));
        return 0;
    }
}
