namespace Ddlo.Actors.Configuration;

/// <summary>How slots are scored against the optimum (<c>ddlo.run.score-against-optimum</c>).</summary>
public enum ScoringMode
{
    /// <summary>The model's choice: MUMT, exhaustive search while N*M is at most 16, the dual decomposition's certified optimum beyond; WPMEC, exhaustive while N is at most 14, coordinate descent beyond.</summary>
    Auto,

    /// <summary>Always exhaustive search (N*M at most 24).</summary>
    Exhaustive,

    /// <summary>Always the dual decomposition.</summary>
    Dual,

    /// <summary>WPMEC: coordinate descent from the all-local mode (the authors' reference where 2^N is out of reach).</summary>
    CoordinateDescent,

    /// <summary>Not scored.</summary>
    Off,
}
