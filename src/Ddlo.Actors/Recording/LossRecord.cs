namespace Ddlo.Actors.Recording;

/// <summary>One DNN's training loss in one round.</summary>
/// <param name="Dnn">k.</param>
/// <param name="Round">Training round, 1-based.</param>
/// <param name="AfterSlot">The slot whose decision triggered the round.</param>
/// <param name="Loss">Binary cross-entropy on the round's batch.</param>
public sealed record LossRecord(int Dnn, long Round, long AfterSlot, double Loss);
