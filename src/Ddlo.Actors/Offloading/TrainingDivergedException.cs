namespace Ddlo.Actors.Offloading;

/// <summary>A training step produced a non-finite loss: the weights can no longer be trusted.</summary>
internal sealed class TrainingDivergedException(string message) : Exception(message);
