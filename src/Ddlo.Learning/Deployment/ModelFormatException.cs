namespace Ddlo.Learning.Deployment;

/// <summary>A model file that cannot be used: missing, not a model, truncated, corrupted, or for another system.</summary>
public sealed class ModelFormatException(string message, Exception? inner = null) : Exception(message, inner);
