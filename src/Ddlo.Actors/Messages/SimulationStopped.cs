namespace Ddlo.Actors.Messages;

/// <summary>The run stopped when asked, after saving a checkpoint at <paramref name="Step"/> (to <paramref name="Path"/>).</summary>
public sealed record SimulationStopped(long Step, string Path);
