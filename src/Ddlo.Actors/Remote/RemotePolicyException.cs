namespace Ddlo.Actors.Remote;

/// <summary>A remote policy that cannot be used or failed a call, in one line.</summary>
public sealed class RemotePolicyException(string message) : Exception(message);
