namespace Ddlo.Actors.Recording;

/// <summary>One policy's mean utility and gain ratio over the summarised steps.</summary>
public sealed record PolicySummary(string Policy, double MeanQ, double MeanGainRatio);
