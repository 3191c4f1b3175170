namespace Ddlo.Experiments;

/// <summary>
/// A published claim (or, with <see cref="IsTarget"/>, a target the project set itself) beside what we measured, and
/// whether it holds here (null: not comparable).
/// </summary>
public sealed record Claim(string Statement, string Published, string Measured, bool? Holds)
{
    /// <summary>A target of ours rather than a claim of the paper: judged met or missed, not reproduced.</summary>
    public bool IsTarget { get; init; }

    public string Verdict => (Holds, IsTarget) switch
    {
        (true, false) => "reproduced",
        (false, false) => "not reproduced",
        (true, true) => "met",
        (false, true) => "missed",
        (null, _) => "not comparable",
    };
}
