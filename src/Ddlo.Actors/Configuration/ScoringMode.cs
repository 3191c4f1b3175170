namespace Ddlo.Actors.Configuration;

/// <summary>How slots are scored against the optimum (<c>ddlo.run.score-against-optimum</c>).</summary>
public enum ScoringMode
{
    /// <summary>Exhaustive search while N*M is at most 16, the dual decomposition's certified optimum beyond.</summary>
    Auto,

    /// <summary>Always exhaustive search (N*M at most 24).</summary>
    Exhaustive,

    /// <summary>Always the dual decomposition.</summary>
    Dual,

    /// <summary>Not scored.</summary>
    Off,
}
