using System.ComponentModel;
using Ddlo.Actors.Configuration;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>Options every command shares: the scenario, its overrides and the output format.</summary>
public class ScenarioCommandSettings : CommandSettings
{
    [CommandOption("--scenario <FILE>")]
    [Description("HOCON scenario file (hocon/scenarios/...); the embedded defaults (paper 3x3) when omitted.")]
    public string? ScenarioFile { get; init; }

    [CommandOption("--set <KEY=VALUE>")]
    [Description("Override one key, e.g. --set ddlo.system.uplink-mbps=100 (repeatable; 'ddlo.' may be left out).")]
    public string[] Overrides { get; init; } = [];

    [CommandOption("--json")]
    [Description("Print JSON instead of tables.")]
    public bool Json { get; init; }

    public virtual Scenario LoadScenario() => Scenario.Load(CheckedScenarioFile, Overrides);

    /// <summary>The --scenario file, refused in one line naming the option when it is given empty.</summary>
    protected string? CheckedScenarioFile =>
        ScenarioFile is { } file && string.IsNullOrWhiteSpace(file) ? throw new InputException("--scenario", "expected a scenario file, got an empty name.") : ScenarioFile;
}
