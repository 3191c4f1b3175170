using System.Collections.Immutable;
using Akka.Actor;

namespace Ddlo.Actors.Messages;

/// <summary>
/// Capture your state for a checkpoint and send it to <paramref name="ReplyTo"/> as <see cref="StateCaptured"/>.
/// The edge server sends it to the devices and the replay memory once every slot before the checkpoint is decided
/// and none after it started; the memory passes it on to each DNN after that DNN's last batch, so every part is
/// captured at the same step.
/// </summary>
internal sealed record CaptureState(IActorRef ReplyTo) : IDdloMessage;

/// <summary>One part of a checkpoint: <paramref name="Part"/> (see <see cref="Checkpoints.CheckpointParts"/>) number <paramref name="Index"/>.</summary>
internal sealed record StateCaptured(string Part, int Index, ImmutableArray<byte> State) : IDdloMessage;

/// <summary>Simulation → a worker of a resumed run, before its first slot: take up this captured state; answer <see cref="StateRestored"/>.</summary>
internal sealed record RestoreState(ImmutableArray<byte> State) : IDdloMessage;

/// <summary>A worker took up its state (or, with <paramref name="Error"/>, could not).</summary>
internal sealed record StateRestored(string Part, int Index, string? Error = null) : IDdloMessage;

/// <summary>
/// EdgeServer → Checkpointer: every slot before <paramref name="Step"/> is decided and none after started; the workers'
/// state is on its way. <paramref name="EdgeState"/> is the edge server's own (its adaptive candidate count).
/// </summary>
internal sealed record CheckpointDue(long Step, ImmutableArray<byte> EdgeState);

/// <summary>Checkpointer → Simulation: the checkpoint at <paramref name="Step"/> is in <paramref name="Path"/>.</summary>
internal sealed record CheckpointSaved(long Step, long Bytes, double Milliseconds, string Path);

/// <summary>
/// Checkpointer → Simulation: the checkpoint at <paramref name="Step"/> could not be gathered, or, with
/// <paramref name="WriteFailure"/>, could not be written (which stops the run).
/// </summary>
internal sealed record CheckpointFailed(long Step, string Reason, Simulation.RunWriteException? WriteFailure = null);

/// <summary>Simulation → EdgeServer: the checkpoint is saved (or given up), carry on.</summary>
internal sealed record ContinueAfterCheckpoint
{
    public static ContinueAfterCheckpoint Instance { get; } = new();
}

/// <summary>Ask the Simulation (or the EdgeServer) to decide the slots in flight, checkpoint and stop: the answer is <see cref="SimulationStopped"/>.</summary>
internal sealed record StopAtCheckpoint
{
    public static StopAtCheckpoint Instance { get; } = new();
}

