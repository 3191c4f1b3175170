using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Checkpoints;

/// <summary>
/// Gathers and saves a run's checkpoints, one at a time. The edge server, paused between two slots, asks the devices
/// and the memory (which asks each DNN) to send their state here and announces the checkpoint; once those are in,
/// the recorder is asked last, so it holds every slot and loss before the step. The file is written off the actor's
/// thread, and the parent hears <see cref="CheckpointSaved"/> or <see cref="CheckpointFailed"/>.
/// </summary>
internal sealed class Checkpointer : ReceiveActor, IWithTimers
{
    /// <summary>How long a checkpoint may take to gather before it is given up (a worker that never answers).</summary>
    public static readonly TimeSpan CaptureTimeout = TimeSpan.FromSeconds(30);

    private readonly string directory;
    private readonly string settingsHocon;
    private readonly IActorRef recorder;
    private readonly int dnnCount;
    private readonly int deviceCount;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private CheckpointCapture? capture;
    private long startedAt;

    public Checkpointer(string directory, string settingsHocon, IActorRef recorder, int dnnCount, int deviceCount)
    {
        this.directory = directory;
        this.settingsHocon = settingsHocon;
        this.recorder = recorder;
        this.dnnCount = dnnCount;
        this.deviceCount = deviceCount;
        Receive<CheckpointDue>(Handle);
        Receive<StateCaptured>(Handle);
        Receive<CaptureTimedOut>(Handle);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="directory">The results folder that gets checkpoint.bin.</param>
    /// <param name="settingsHocon">The run's settings, saved with every checkpoint.</param>
    /// <param name="recorder">Captured last.</param>
    /// <param name="dnnCount">DNN parts to wait for (1 for a baseline policy).</param>
    /// <param name="deviceCount">Device parts to wait for.</param>
    public static Props Props(string directory, string settingsHocon, IActorRef recorder, int dnnCount, int deviceCount) =>
        Akka.Actor.Props.Create(() => new Checkpointer(directory, settingsHocon, recorder, dnnCount, deviceCount));

    private void Handle(CheckpointDue due)
    {
        capture = new CheckpointCapture(due.Step, dnnCount, deviceCount);
        capture.Add(new StateCaptured(CheckpointParts.Edge, 0, due.EdgeState));
        startedAt = Stopwatch.GetTimestamp();
        Timers.StartSingleTimer("capture", new CaptureTimedOut(due.Step), CaptureTimeout);
    }

    private void Handle(StateCaptured part)
    {
        if (capture is null)
        {
            return;
        }

        bool recorderAsked = capture.WorkersIn;
        capture.Add(part);
        if (!capture.WorkersIn)
        {
            return;
        }

        if (!capture.RecorderIn)
        {
            if (!recorderAsked)
            {
                recorder.Tell(new CaptureState(Self));
            }

            return;
        }

        Timers.Cancel("capture");
        var checkpoint = capture.ToCheckpoint(settingsHocon);
        capture = null;
        long started = startedAt;
        string folder = directory;
        Task.Run(() => CheckpointFile.Write(folder, checkpoint)).PipeTo(
            Context.Parent,
            success: bytes => new CheckpointSaved(checkpoint.Step, bytes, Stopwatch.GetElapsedTime(started).TotalMilliseconds, CheckpointFile.PathIn(folder)),
            failure: e => RunWriteException.IsWriteFailure(e.GetBaseException())
                ? new CheckpointFailed(checkpoint.Step, e.GetBaseException().Message, RunWriteException.For(CheckpointFile.PathIn(folder), e.GetBaseException()))
                : new CheckpointFailed(checkpoint.Step, e.GetBaseException().Message));
    }

    private void Handle(CaptureTimedOut timedOut)
    {
        if (capture?.Step != timedOut.Step)
        {
            return;
        }

        log.Warning("Checkpoint at step {Step} given up: {Missing} did not answer within {Timeout}", timedOut.Step, capture.Missing, CaptureTimeout);
        Context.Parent.Tell(new CheckpointFailed(timedOut.Step, $"{capture.Missing} did not answer within {CaptureTimeout.TotalSeconds:0} s"));
        capture = null;
    }

    private sealed record CaptureTimedOut(long Step);
}
