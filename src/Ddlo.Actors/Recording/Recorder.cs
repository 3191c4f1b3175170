using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Recording;

/// <summary>
/// Records every decided slot and training loss, scores each slot against the optimum and the local-only and
/// edge-only baselines (off the decision path), answers progress queries, and reports the whole record once the edge
/// server says every slot is decided and every DNN has flushed its training. The run's clock starts when the edge
/// server starts the first slot; what comes before (placing the workers, building the networks, joining a cluster) is
/// the set-up, timed apart. The scoring, the clock, the completion rule and the checkpoint state are
/// <see cref="RunLog"/>'s; the actor routes, and feeds <see cref="DdloMetrics"/> and the run's own <see cref="RunMetrics"/>.
/// </summary>
internal sealed class Recorder : ReceiveActor
{
    private readonly RunLog log;
    private readonly IActorRef owner;
    private readonly RunMetrics metrics = new();
    private DecisionsFile? decisions;
    private ImmutableArray<IActorRef> learners = [];
    private bool stoppedOnNonFinite;

    public Recorder(RecorderSettings settings, IActorRef owner)
    {
        log = new RunLog(settings);
        this.owner = owner;
        decisions = settings.DecisionsPath is { } path ? new DecisionsFile(path, settings.Model) : null;
        Receive<RunStarted>(_ => log.Start());
        Receive<SlotDecided>(Handle);
        Receive<ReportOutcomesTo>(report => learners = report.Learners);
        Receive<AllSlotsDecided>(done => Complete(log.AllSlotsDecided(done.Generated)));
        Receive<Trained>(t =>
        {
            log.Add(t);
            DdloMetrics.TrainingRounds.Add(1);
        });
        Receive<Flushed>(f => Complete(log.Flushed(f.Dnn, f.Weights)));
        Receive<DnnRestarted>(restarted =>
        {
            DdloMetrics.DnnRestarts.Add(1);
            if (log.DnnRestarted(restarted.Reason) is { } stop)
            {
                owner.Tell(stop);
            }
        });
        Receive<DnnLost>(gone => Complete(log.Lost(gone.Dnn)));
        Receive<GetProgress>(_ => Sender.Tell(log.Progress()));
        Receive<CaptureState>(capture =>
        {
            // decisions.csv's rows must be on disk for the length the checkpoint saves; a flush that fails stops the run,
            // and this checkpoint is not taken, so the last one stands.
            if (FlushDecisions())
            {
                capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Recorder, 0, WriteState));
            }
        });
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Recorder, 0, ReadState)));
    }

    public static Props Props(RecorderSettings settings, IActorRef owner) =>
        Akka.Actor.Props.Create(() => new Recorder(settings, owner));

    protected override void PostStop()
    {
        metrics.Dispose();
        decisions?.Dispose();
    }

    private void Complete(RecordingComplete? complete)
    {
        if (complete is not null)
        {
            // Every row is out before the owner writes the results and the process may end.
            CloseDecisions();
            owner.Tell(complete);
        }
    }

    private void Handle(SlotDecided slot)
    {
        var record = log.Add(slot);
        AddDecisions(slot);
        if (!stoppedOnNonFinite && record.NotFinite() is { } figure)
        {
            // A result that is not finite is no result: the run stops, naming the slot, rather than report it.
            stoppedOnNonFinite = true;
            owner.Tell(new RunCannotProceed(
                $"slot {record.Slot}: {figure} is not a finite number; the settings or inputs go beyond what the model's arithmetic holds, so the run stops rather than report it."));
        }

        if (!double.IsNaN(record.OptimalQ))
        {
            metrics.ReportRollingGain(log.RollingGain!.Value);
        }

        DdloMetrics.SlotsDecided.Add(1);
        DdloMetrics.DecisionLatency.Record(slot.LatencyMicroseconds * 1e-6);
        DdloMetrics.CandidatesPerSlot.Record(slot.Candidates);
        if (slot.Degraded)
        {
            DdloMetrics.DegradedSlots.Add(1);
        }
        if (!learners.IsEmpty)
        {
            // A policy that learns online hears each slot's outcome once it is scored.
            var outcome = new SlotOutcomeReport(slot.Slot, slot.Workload, slot.Decision, slot.Q, slot.Bandwidth, record.OptimalQ, slot.Winner);
            foreach (var learner in learners)
            {
                learner.Tell(outcome);
            }
        }
    }

    /// <summary>
    /// A slot's rows of decisions.csv. A file that cannot be written (a full disk, a folder made read-only) stops the run
    /// in one line naming it, as any results file does, and its last checkpoint is kept; the recorder goes on without it.
    /// </summary>
    private void AddDecisions(SlotDecided slot)
    {
        // No closure: with decisions.csv off, a slot costs one null check more.
        if (decisions is not { } file)
        {
            return;
        }

        try
        {
            file.Add(slot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CannotWrite(file, e);
        }
    }

    private void CloseDecisions()
    {
        if (decisions is not { } file)
        {
            return;
        }

        try
        {
            file.Close();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CannotWrite(file, e);
        }
    }

    private bool FlushDecisions()
    {
        if (decisions is not { } file)
        {
            return true;
        }

        try
        {
            file.Flush();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CannotWrite(file, e);
            return false;
        }
    }

    private void CannotWrite(DecisionsFile file, Exception e)
    {
        decisions = null;
        try
        {
            file.Dispose();
        }
        catch (Exception again) when (again is IOException or UnauthorizedAccessException)
        {
            // The buffered rows cannot be written either; the handle is released all the same.
        }

        owner.Tell(new RunCannotProceed($"cannot write {file.Path}: {e.Message.Split('\n')[0].Trim()}"));
    }

    /// <summary>The log, then decisions.csv's length when the run writes it (a run without it saves what it always did).</summary>
    private void WriteState(BinaryWriter writer)
    {
        log.WriteState(writer);
        decisions?.WriteState(writer);
    }

    /// <summary>The restored log's rolling gain is the gauge's, as it was when the checkpoint was taken.</summary>
    private void ReadState(BinaryReader reader)
    {
        log.ReadState(reader);
        decisions?.ReadState(reader);
        if (log.RollingGain is { } gain)
        {
            metrics.ReportRollingGain(gain);
        }
    }
}
