namespace Ddlo.Cli.Experiments;

/// <summary>A published claim beside what we measured, and whether it holds here (null: not comparable).</summary>
public sealed record Claim(string Statement, string Published, string Measured, bool? Holds)
{
    public string Verdict => Holds switch
    {
        true => "reproduced",
        false => "not reproduced",
        null => "not comparable",
    };
}
