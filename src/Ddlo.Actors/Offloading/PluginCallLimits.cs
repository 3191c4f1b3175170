namespace Ddlo.Actors.Offloading;

/// <summary>How long each call to a plug-in policy may take (<c>ddlo.run.candidate-deadline</c>), and how many may overrun it (<c>ddlo.run.plugin-misses</c>).</summary>
internal sealed record PluginCallLimits(TimeSpan Deadline, int Misses);
