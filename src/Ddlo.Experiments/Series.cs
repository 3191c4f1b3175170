namespace Ddlo.Experiments;

/// <summary>One line of a figure: the mean over the seeds and the band (min to max) around it.</summary>
public sealed record Series(string Name, double[] X, double[] Mean, double[] Low, double[] High)
{
    /// <summary>The palette entry to draw it in (default: its place in the figure), so that one series keeps its colour across figures.</summary>
    public int? Colour { get; init; }
}
