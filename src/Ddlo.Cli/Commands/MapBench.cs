using System.Diagnostics;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.World;
using Ddlo.Cli.Output;
using Ddlo.Hosting.Sessions;
using MathNet.Numerics.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo bench map</c>: a map of cells (<c>ddlo.topology</c>, city-16-cells by default) run with training on and
/// scoring off: device-slots per second, each cell's decision latency, the slot's wall time and the peak memory.
/// </summary>
public sealed class MapBench : AsyncCommand<MapBench.Settings>
{
    /// <summary>The scenario measured when none is given.</summary>
    public const string DefaultScenario = "hocon/scenarios/city-16-cells.conf";

    public sealed class Settings : BenchSettings
    {
        public override Scenario LoadScenario() =>
            Scenario.Load(CheckedScenarioFile ?? DefaultScenario, [.. Overrides, "ddlo.run.score-against-optimum=off", string.Create(CultureInfo.InvariantCulture, $"ddlo.run.steps={Steps}")]);
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        var scenario = settings.LoadScenario();
        if (!MapRunner.IsMap(scenario.Settings))
        {
            throw new ScenarioException($"{scenario.Name}: bench map measures a map of cells; set ddlo.topology.layout (grid, hex or explicit).");
        }

        var record = await MapRunner.RunAsync(scenario, progress: null, cancellationToken).ConfigureAwait(false);
        int devices = scenario.Settings.System.Devices;
        double deviceSlotsPerSecond = devices * (double)record.Slots.Length / record.Elapsed.TotalSeconds;
        // The first fifth warms the networks and the JIT; latencies are read over the rest.
        var measured = record.Cells.Where(c => c.Devices > 0 && c.Slot >= record.Slots.Length / 5).Select(c => c.DecideMicros).ToArray();
        var slots = record.Slots.Skip(record.Slots.Length / 5).Select(s => s.SlotMicros).ToArray();
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var figures = new Dictionary<string, object>
        {
            ["scenario"] = scenario.Name,
            ["cells"] = record.Topology.Count,
            ["devices"] = devices,
            ["steps"] = record.Slots.Length,
            ["device_slots_per_second"] = deviceSlotsPerSecond,
            ["slots_per_second"] = record.Slots.Length / record.Elapsed.TotalSeconds,
            ["cell_decision_us_p50"] = measured.Median(),
            ["cell_decision_us_p99"] = measured.Quantile(0.99),
            ["slot_us_p50"] = slots.Median(),
            ["peak_memory_mb"] = peakMb,
            ["processors"] = Environment.ProcessorCount,
        };
        if (settings.Json)
        {
            JsonOutput.Write(figures);
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}: {record.Topology.Count} cells, {devices:N0} devices, {record.Slots.Length:N0} slots, training on, scoring off")))
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("device-slots/s", Describe.Number(deviceSlotsPerSecond, "0"));
        table.AddRow("slots/s", Describe.Number((double)figures["slots_per_second"], "0.0"));
        table.AddRow("cell decision p50 (network alone)", $"{Describe.Number(measured.Median(), "0")} µs");
        table.AddRow("cell decision p99", $"{Describe.Number(measured.Quantile(0.99), "0")} µs");
        table.AddRow("slot p50 (every cell, teacher and training)", $"{Describe.Number(slots.Median(), "0")} µs");
        table.AddRow("peak memory", $"{Describe.Number(peakMb, "0")} MB");
        AnsiConsole.Write(table);
        return 0;
    }
}
