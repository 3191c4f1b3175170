namespace Ddlo.Actors.Configuration;

/// <summary>Whether slots are scored against the optimum (<c>ddlo.run.score-against-optimum</c>).</summary>
public enum ScoringMode
{
    /// <summary>On while N*M is small enough for exhaustive search to keep up (N*M at most 16).</summary>
    Auto,
    On,
    Off,
}
