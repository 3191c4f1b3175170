namespace Ddlo.Learning;

/// <summary>A run asked for another numerics mode than the one this process already runs under.</summary>
public sealed class NumericsConflictException(string message) : InvalidOperationException(message);
