namespace Ddlo.Actors.Configuration;

/// <summary>
/// How a run's or an experiment's figures are drawn (<c>ddlo.results.figures</c> in a scenario, <c>figures</c> in an experiment
/// file): the size of one panel in pixels (a figure of several panels, or with its legend beside it, grows from it), whether
/// figures carry their titles (a paper's caption usually replaces them), and whether an SVG is written beside each PNG.
/// </summary>
public sealed record FigureSettings(int Width, int Height, bool Titles, bool Svg)
{
    /// <summary>The smallest and largest panel side accepted, in pixels.</summary>
    public const int MinSide = 200;

    public const int MaxSide = 8000;

    /// <summary>The defaults of reference.conf.</summary>
    public static FigureSettings Default { get; } = new(1000, 560, Titles: true, Svg: true);


    internal static FigureSettings Read(ConfigReader config)
    {
        const string at = "ddlo.results.figures.";
        return new FigureSettings(
            config.Int(at + "width", MinSide, MaxSide),
            config.Int(at + "height", MinSide, MaxSide),
            config.Switch(at + "titles"),
            config.Switch(at + "svg"));
    }
}
