namespace Ddlo.Cli.Experiments;

/// <summary>One line of a figure: the mean over the seeds and the band (min to max) around it.</summary>
public sealed record Series(string Name, double[] X, double[] Mean, double[] Low, double[] High);
