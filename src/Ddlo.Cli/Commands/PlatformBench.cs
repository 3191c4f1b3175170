using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Ddlo.Actors.Configuration;
using Ddlo.Cli.Output;
using Ddlo.Experiments;
using Ddlo.Experiments.Benches;
using Ddlo.Hosting.Cluster;
using Ddlo.Hosting.Management;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>
/// <c>ddlo bench platform single|cluster-1|cluster-2|cluster-3</c>: training and inference time of the K = 5
/// sequential loop on one platform. Training: wall time per 1,000 steps with training on. Inference: decision
/// latency p50/p99 with learning frozen. A cluster of n processes is this process (edge and solver; everything for
/// n = 1) and n - 1 learner processes on loopback. Run it under <c>taskset -c 0</c> to limit it to one core: the
/// learner processes inherit the limit.
/// </summary>
public sealed class PlatformBench : AsyncCommand<PlatformBench.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandArgument(0, "<PLATFORM>")]
        [Description("single | cluster-1 | cluster-2 | cluster-3 (loopback processes).")]
        public string Platform { get; init; } = string.Empty;

        /// <summary>The platform, once <see cref="Validate"/> has accepted its name.</summary>
        public Platform Parsed => PlatformNames.TryParse(Platform, out var platform) ? platform : throw new InvalidOperationException($"'{Platform}' is not a platform.");

        public override ValidationResult Validate() =>
            !PlatformNames.TryParse(Platform, out _) ? ValidationResult.Error($"platform: unknown platform '{Platform}'; expected {string.Join(", ", PlatformNames.All)}.") : base.Validate();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        var platform = settings.Parsed;
        var measured = await PlatformBenchmark.MeasureAsync(
            extra => Scenario.Load(settings.ScenarioFile, [.. settings.Overrides, .. extra]), platform, settings.Steps, SelfCommand.Learner, cancellationToken).ConfigureAwait(false);
        if (settings.Json)
        {
            JsonOutput.Write(measured);
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"{platform.Name()}, {Environment.ProcessorCount} processor(s)").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        var json = JsonSerializer.SerializeToElement(measured, ResultsJson.Options);
        foreach (var field in json.EnumerateObject())
        {
            table.AddRow(field.Name, field.Value.ToString());
        }

        AnsiConsole.Write(table);
        return 0;
    }
}
