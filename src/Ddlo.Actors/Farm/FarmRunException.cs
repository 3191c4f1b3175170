namespace Ddlo.Actors.Farm;

/// <summary>A run the farm could not finish: it failed on every node that took it, or the farm stopped.</summary>
public sealed class FarmRunException(string message) : Exception(message);
