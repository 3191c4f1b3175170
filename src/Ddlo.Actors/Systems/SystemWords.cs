namespace Ddlo.Actors.Systems;

/// <summary>How results and plots name a system model's per-slot value Q.</summary>
/// <param name="MeanHeading">The mean's column or row in tables ("mean Q (J)", "mean rate (Mbit/s)").</param>
/// <param name="ValueAxis">The value's axis in plots ("Q (J)").</param>
/// <param name="Objective">What the run does, in summary.json ("minimise cost Q (J)").</param>
public sealed record SystemWords(string MeanHeading, string ValueAxis, string Objective)
{
    /// <summary>The learner's name in figures and tables: the paper's own (DDLO, DROO, LyDROO).</summary>
    public string Learner { get; init; } = "DDLO";

    /// <summary>What a slot is called on a figure's time axis: a learning step (DDLO), a time frame (DROO, LyDROO).</summary>
    public string SlotAxis { get; init; } = "learning step";

    /// <summary>Tables show the value divided by this (1e6: a rate in bit/s shown in Mbit/s).</summary>
    public double DisplayDivisor { get; init; } = 1;

    /// <summary>The format of a mean in a run's summary table.</summary>
    public string SummaryFormat { get; init; } = "0.00";

    /// <summary>The format of a mean in <c>ddlo evaluate</c>'s table.</summary>
    public string DetailFormat { get; init; } = "0.###";
}
