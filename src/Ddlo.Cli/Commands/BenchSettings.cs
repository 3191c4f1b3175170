using System.ComponentModel;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Ddlo.Cli.Commands;

/// <summary>Options every <c>ddlo bench</c> command shares: the run length and the slots in flight.</summary>
public class BenchSettings : ScenarioCommandSettings
{
    /// <summary>The steps of a measured run when --steps is not given.</summary>
    public const long DefaultSteps = 10_000;

    /// <summary>The slots in flight when --max-in-flight is not given.</summary>
    public const int DefaultMaxInFlight = 4;

    [CommandOption("--steps <N>")]
    [Description("Learning steps (or timed decisions, for bench model) per measured run. Default: 10000.")]
    public long Steps { get; init; } = DefaultSteps;

    [CommandOption("--max-in-flight <N>")]
    [Description("Slots in flight for the throughput runs (the sequential and frozen runs use 1). Default: 4.")]
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    public override ValidationResult Validate() =>
        Steps < 100 ? ValidationResult.Error("--steps must be at least 100.")
        : MaxInFlight < 1 ? ValidationResult.Error("--max-in-flight must be at least 1.")
        : ValidationResult.Success();
}
