namespace Ddlo.Experiments;

/// <summary>The one set of words experiments' tables, CSVs and legends use for the policies they compare.</summary>
public static class PolicyLabels
{
    public const string LocalOnly = "local only";

    public const string EdgeOnly = "edge only";

    /// <summary>
    /// A policy's label: the simple baselines by what they do, the optimum by where it came from
    /// (<paramref name="optimumSource"/>: exhaustive, dual, dataset), the learner as <paramref name="learner"/>, a
    /// search as what it searches with (<paramref name="searchOver"/>, e.g. "critic + "), anything else (a plug-in)
    /// by its own name.
    /// </summary>
    public static string Of(string policy, string learner = "DDLO", string? optimumSource = null, string searchOver = "") => policy switch
    {
        "ddlo" => learner,
        "local" => LocalOnly,
        "edge" => EdgeOnly,
        "random" => "random",
        "coordinate-descent" => searchOver + "coordinate descent",
        "exhaustive" when optimumSource == "dual" => "optimum (certified dual)",
        "exhaustive" when optimumSource is not null => "greedy (exhaustive)",
        "exhaustive" => searchOver + "exhaustive search",
        _ => policy,
    };
}
