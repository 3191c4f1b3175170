using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Cli.Output;
using Ddlo.Experiments.Benches;
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
    public override async Task<int> ExecuteAsync(CommandContext context, BenchSettings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        var result = await PipelineBenchmark.RunAsync(extra => Scenario.Load(settings.ScenarioFile, [.. settings.Overrides, .. extra]), settings.Steps, settings.MaxInFlight, cancellationToken)
            .ConfigureAwait(false);
        var throughput = new SortedDictionary<string, double>(result.StepsPerSecond.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value), StringComparer.Ordinal);
        var frozen = result.Frozen;
        double peakMb = result.PeakMemoryMb;
        var sequentialStepsPerSecond = result.SequentialStepsPerSecondK5;
        var scenario = settings.LoadScenario();
        // The runs have fixed this process's numerics: asking again returns those in force.
        string numerics = Learning.TorchRuntime.Name(Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics).InForce);

        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["scenario"] = scenario.Name,
                ["steps"] = settings.Steps,
                ["max_in_flight"] = settings.MaxInFlight,
                ["numerics"] = numerics,
                ["steps_per_second"] = throughput,
                ["steps_per_second_sequential_k5"] = sequentialStepsPerSecond,
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

        table.AddRow("steps/s, training on, K = 5, sequential", Describe.Number(sequentialStepsPerSecond, "0"));
        table.AddRow("decision latency p50, K = 5, frozen", $"{Describe.Number(frozen.LatencyMicrosecondsP50, "0.0")} µs");
        table.AddRow("decision latency p99, K = 5, frozen", $"{Describe.Number(frozen.LatencyMicrosecondsP99, "0.0")} µs");
        table.AddRow("steps/s, K = 5, frozen", Describe.Number(frozen.StepsPerSecond, "0"));
        table.AddRow("peak memory", $"{Describe.Number(peakMb, "0")} MB");
        table.AddRow("numerics", numerics);
        AnsiConsole.Write(table);
        return 0;
    }
}
