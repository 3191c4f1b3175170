namespace Ddlo.Actors.Configuration;

/// <summary>What a run writes to its results folder beyond the usual files (<c>ddlo.results</c>).</summary>
/// <param name="Decisions">Whether the run writes decisions.csv, one row per slot and device (<c>ddlo.results.decisions</c>).</param>
public sealed record ResultsSettings(bool Decisions)
{
    /// <summary>How the run's figures are drawn (<c>ddlo.results.figures</c>).</summary>
    public FigureSettings Figures { get; init; } = FigureSettings.Default;

    /// <summary>The key that turns decisions.csv on.</summary>
    public const string DecisionsKey = "ddlo.results.decisions";

    /// <summary>The file it writes in a run's results folder.</summary>
    public const string DecisionsFile = "decisions.csv";


    /// <summary>Reads <c>ddlo.results</c>; decisions.csv needs a system model that breaks a decision down per device.</summary>
    internal static ResultsSettings Read(ConfigReader config, SystemSettings system)
    {
        bool decisions = config.Switch(DecisionsKey);
        if (decisions && system.CreateSystemModel() is not Core.Systems.IDeviceBreakdown)
        {
            throw config.Error(DecisionsKey, $"the system model '{system.Definition.Name}' does not break a decision down per device (IDeviceBreakdown), so it cannot write decisions.csv; set off.");
        }

        return new ResultsSettings(decisions) { Figures = FigureSettings.Read(config) };
    }
}
