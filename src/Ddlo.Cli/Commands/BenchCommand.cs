using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Cli.Output;
using Ddlo.Experiments;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Management;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo bench</c>: the pipeline's throughput with training on for K = 1, 3 and 5 (slots pipelined,
/// <c>--max-in-flight</c>), the same for K = 5 with the paper's strictly sequential loop, the decision latency
/// with learning frozen (K = 5, one slot at a time), and the process's peak memory. Scoring is off throughout.
/// <c>bench model</c>, <c>bench platform</c> and <c>bench cluster</c> are its sibling commands.
/// </summary>
public sealed class BenchCommand : AsyncCommand<BenchSettings>
{
    private static readonly int[] DnnCounts = [1, 3, 5];

    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        string steps = $"ddlo.run.steps={settings.Steps.ToString(CultureInfo.InvariantCulture)}";
        string pipelined = $"ddlo.run.max-in-flight={settings.MaxInFlight.ToString(CultureInfo.InvariantCulture)}";

        // One unmeasured run first, so JIT compilation and libtorch's first calls are not in the figures.
        await RunAsync(settings, ["ddlo.learning.dnn-count=5", "ddlo.run.steps=1000"], cancellationToken).ConfigureAwait(false);

        var throughput = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (int k in DnnCounts)
        {
            var record = await RunAsync(settings, [$"ddlo.learning.dnn-count={k}", steps, pipelined], cancellationToken).ConfigureAwait(false);
            throughput[k.ToString(CultureInfo.InvariantCulture)] = record.StepsPerSecond;
        }

        var sequential = await RunAsync(settings, ["ddlo.learning.dnn-count=5", steps, "ddlo.run.max-in-flight=1"], cancellationToken).ConfigureAwait(false);

        // Frozen: the warm-up never ends, so no training round runs and every decision is pure inference.
        var frozen = RunSummary.From(await RunAsync(
            settings, ["ddlo.learning.dnn-count=5", steps, "ddlo.run.max-in-flight=1", $"ddlo.learning.warmup={settings.Steps + 1}"], cancellationToken).ConfigureAwait(false));
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var scenario = settings.LoadScenario();

        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["scenario"] = scenario.Name,
                ["steps"] = settings.Steps,
                ["max_in_flight"] = settings.MaxInFlight,
                ["steps_per_second"] = throughput,
                ["steps_per_second_sequential_k5"] = sequential.StepsPerSecond,
                ["latency_us_p50"] = frozen.LatencyMicrosecondsP50,
                ["latency_us_p99"] = frozen.LatencyMicrosecondsP99,
                ["frozen_steps_per_second"] = frozen.StepsPerSecond,
                ["peak_memory_mb"] = peakMb,
                ["processors"] = Environment.ProcessorCount,
            });
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"{scenario.Name} ({Describe.System(scenario)}), {settings.Steps} steps per run"))
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (k, value) in throughput)
        {
            table.AddRow($"steps/s, training on, K = {k}, {settings.MaxInFlight} in flight", Describe.Number(value, "0"));
        }

        table.AddRow("steps/s, training on, K = 5, sequential", Describe.Number(sequential.StepsPerSecond, "0"));
        table.AddRow("decision latency p50, K = 5, frozen", $"{Describe.Number(frozen.LatencyMicrosecondsP50, "0.0")} µs");
        table.AddRow("decision latency p99, K = 5, frozen", $"{Describe.Number(frozen.LatencyMicrosecondsP99, "0.0")} µs");
        table.AddRow("steps/s, K = 5, frozen", Describe.Number(frozen.StepsPerSecond, "0"));
        table.AddRow("peak memory", $"{Describe.Number(peakMb, "0")} MB");
        AnsiConsole.Write(table);
        return 0;
    }

    private static Task<RunRecord> RunAsync(BenchSettings settings, IEnumerable<string> overrides, CancellationToken cancellationToken)
    {
        var scenario = Scenario.Load(settings.ScenarioFile, [.. settings.Overrides, "ddlo.run.score-against-optimum=off", .. overrides]);
        return SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings), cancellationToken: cancellationToken);
    }
}
