namespace Ddlo.Core.Data;

/// <summary>How a policy did on a reference data set.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Rows">Rows evaluated.</param>
/// <param name="MeanGainRatio">Mean of q_opt / Q_policy over the rows (1 is optimal).</param>
/// <param name="MinGainRatio">The worst row's gain ratio.</param>
/// <param name="MeanQ">Mean utility of the policy's decisions.</param>
/// <param name="MaxRelativeError">Largest |Q_policy - q_opt| / q_opt over the rows.</param>
/// <param name="WorstLine">The file line of the row with the largest relative error.</param>
public sealed record DatasetEvaluation(
    string Policy,
    int Rows,
    double MeanGainRatio,
    double MinGainRatio,
    double MeanQ,
    double MaxRelativeError,
    int WorstLine)
{
    /// <summary>Rows where the policy beat the file's q_opt (a gain ratio above 1): the file's optimum is not one.</summary>
    public int RowsAboveOptimum { get; init; }

    /// <summary>The file line of the first such row (0: none).</summary>
    public int FirstLineAboveOptimum { get; init; }
}
