using System.ComponentModel;
using System.Diagnostics;
using Ddlo.Actors.Systems;
using Ddlo.Cli.Output;
using Ddlo.Core.Workloads;
using Ddlo.Hosting.Results;
using Ddlo.Hosting.Sessions;
using Ddlo.Learning.Deployment;
using MathNet.Numerics.Statistics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary><c>ddlo bench model FILE</c>: decision latency from a model file, pinned to one core.</summary>
public sealed class ModelBench : Command<ModelBench.Settings>
{
    private const int Warmup = 2_000;

    public sealed class Settings : BenchSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A model file written by ddlo export.")]
        public string Model { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Model) ? ValidationResult.Error("FILE: expected a model file written by ddlo export, got an empty name.") : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Logging.Configure(resultsDirectory: null);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            // One core, as on a weak edge device: the whole process runs on CPU 0.
            Process.GetCurrentProcess().ProcessorAffinity = 1;
        }

        using var model = ModelFiles.Load(settings.Model);
        var manifest = model.Manifest;
        int count = (int)Math.Min(settings.Steps, int.MaxValue);
        var workloads = ModelFiles.DefinitionOf(manifest).BenchWorkloads(manifest, Warmup + count);
        var latencies = new double[count];
        for (int i = 0; i < workloads.Count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            _ = model.Decide(workloads[i]);
            if (i >= Warmup)
            {
                latencies[i - Warmup] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        double p50 = latencies.Median(), p99 = latencies.Quantile(0.99);
        if (settings.Json)
        {
            JsonOutput.Write(new Dictionary<string, object>
            {
                ["model"] = settings.Model,
                ["decisions"] = count,
                ["dnn_count"] = manifest.DnnCount,
                ["latency_us_p50"] = p50,
                ["latency_us_p99"] = p99,
                ["cores"] = 1,
            });
            return 0;
        }

        AnsiConsole.MarkupLine(Markup.Escape(
            $"{count} decisions from {settings.Model} (K = {manifest.DnnCount}, {manifest.Devices} x {manifest.TasksPerDevice}) on one core: " +
            $"p50 {Describe.Number(p50, "0.0")} µs, p99 {Describe.Number(p99, "0.0")} µs"));
        return 0;
    }
}
