namespace Ddlo.Actors.Configuration;

/// <summary>How one run proceeds (<c>ddlo.run</c>).</summary>
public sealed record RunSettings(
    long Steps,
    int Seed,
    int MaxInFlight,
    ScoringMode Scoring,
    TimeSpan CandidateDeadline,
    int SolverPoolSize,
    int RollingWindow)
{
    /// <summary>The largest N*M that <see cref="ScoringMode.Auto"/> scores exhaustively.</summary>
    public const int AutoScoringMaxTasks = 16;

    private static readonly Dictionary<string, ScoringMode> Modes = new(StringComparer.Ordinal)
    {
        ["auto"] = ScoringMode.Auto,
        ["on"] = ScoringMode.On,
        ["off"] = ScoringMode.Off,
    };

    /// <summary>Whether a run on N*M tasks is scored against the optimum.</summary>
    public bool ScoresAgainstOptimum(int taskCount) => Scoring switch
    {
        ScoringMode.On => true,
        ScoringMode.Off => false,
        _ => taskCount <= AutoScoringMaxTasks,
    };

    internal static RunSettings Read(ConfigReader config)
    {
        const string at = "ddlo.run.";
        return new RunSettings(
            config.Long(at + "steps", 1),
            config.Int(at + "seed", int.MinValue),
            config.Int(at + "max-in-flight", 1),
            config.Choice(at + "score-against-optimum", Modes),
            config.Duration(at + "candidate-deadline"),
            config.Int(at + "solver-pool-size", 1, 256),
            config.Int(at + "rolling-window", 1));
    }
}
