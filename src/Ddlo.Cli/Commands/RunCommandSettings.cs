using System.ComponentModel;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Experiments;
using Ddlo.Hosting.Results;
using Spectre.Console.Cli;

namespace Ddlo.Cli.Commands;

/// <summary>Options of the commands that run the learning loop: steps, seed and the results folder.</summary>
public class RunCommandSettings : ScenarioCommandSettings
{
    [CommandOption("--steps <N>")]
    [Description("Learning steps (overrides ddlo.run.steps).")]
    public long? Steps { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Run seed (overrides ddlo.run.seed).")]
    public int? Seed { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Results folder: new or empty (see --force). Default: results/<command>-<timestamp>, unique.")]
    public string? Out { get; init; }

    [CommandOption("--force")]
    [Description("Let --out name a folder that holds an earlier run's files: they are removed first.")]
    public bool Force { get; init; }

    public override Scenario LoadScenario() => LoadScenario([]);

    /// <summary>The scenario with the command's options and then <paramref name="extra"/> applied.</summary>
    public Scenario LoadScenario(IEnumerable<ScenarioOverride> extra)
    {
        var overrides = Overrides.Select(ScenarioOverride.Set).ToList();
        if (Steps is { } steps)
        {
            overrides.Add(new ScenarioOverride(string.Create(CultureInfo.InvariantCulture, $"--steps {steps}"), string.Create(CultureInfo.InvariantCulture, $"ddlo.run.steps={steps}")));
        }

        if (Seed is { } seed)
        {
            overrides.Add(new ScenarioOverride(string.Create(CultureInfo.InvariantCulture, $"--seed {seed}"), string.Create(CultureInfo.InvariantCulture, $"ddlo.run.seed={seed}")));
        }

        overrides.AddRange(ExtraOverrides());
        overrides.AddRange(extra);
        return Scenario.Load(CheckedScenarioFile, overrides);
    }

    /// <summary>Overrides a command derives from its own options, applied last.</summary>
    protected virtual IEnumerable<ScenarioOverride> ExtraOverrides() => [];

    /// <summary>Claims the run's results folder (see <see cref="ResultsFolder"/>); the caller keeps the lock while it writes there.</summary>
    public RunFolderLock ClaimResultsDirectory(string command) => ResultsFolder.Claim(Out, command, Force);
}
