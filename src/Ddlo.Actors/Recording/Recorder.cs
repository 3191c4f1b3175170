using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Core.Scoring;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Recording;

/// <summary>
/// Records every decided slot and training loss, scores each slot against the optimum and the local-only and
/// edge-only baselines (off the decision path), answers progress queries, and reports the whole record once the edge
/// server says every slot is decided and every DNN has flushed its training. The run's clock starts when the edge
/// server starts the first slot; what comes before (placing the workers, building the networks, joining a cluster) is
/// the set-up, timed apart.
/// </summary>
internal sealed class Recorder : ReceiveActor
{
    private readonly ISystemModel model;
    private readonly long steps;
    private readonly int dnnCount;
    private readonly IOptimumOracle? oracle;
    private readonly int rollingWindow;
    private readonly IActorRef owner;
    private readonly TimeProvider clock;
    private readonly string policy;
    private readonly List<StepRecord> records = [];
    private readonly List<LossRecord> losses = [];
    private readonly Dictionary<int, ImmutableArray<byte>> flushed = [];
    private readonly HashSet<int> lost = [];
    private readonly Queue<double> window = new();
    private readonly RunMetrics metrics = new();
    private ImmutableArray<IActorRef> learners = [];
    private double windowSum;
    private long createdAt;
    private long? firstSlotAt;
    private double setupSeconds;
    private double elapsedBefore;
    private long lastDecisionAt;
    private long? generated;
    private long restarts;
    private double restoredGap;
    private bool completed;

    public Recorder(RecorderSettings settings, IActorRef owner)
    {
        model = settings.Model;
        steps = settings.Steps;
        dnnCount = settings.DnnCount;
        oracle = settings.Oracle;
        rollingWindow = settings.RollingWindow;
        policy = settings.Policy;
        clock = settings.Clock;
        this.owner = owner;
        Receive<RunStarted>(_ =>
        {
            long now = clock.GetTimestamp();
            setupSeconds = clock.GetElapsedTime(createdAt, now).TotalSeconds;
            // A resumed run's clock goes on from where its checkpoint left it.
            firstSlotAt = now - (long)(elapsedBefore * clock.TimestampFrequency);
            lastDecisionAt = now;
        });
        Receive<SlotDecided>(Handle);
        Receive<ReportOutcomesTo>(report => learners = report.Learners);
        Receive<AllSlotsDecided>(done =>
        {
            generated = done.Generated;
            CompleteIfDone();
        });
        Receive<Trained>(t =>
        {
            losses.Add(new LossRecord(t.Dnn.Value, t.Round, t.AfterSlot.Value, t.Loss));
            DdloMetrics.TrainingRounds.Add(1);
        });
        Receive<Flushed>(f =>
        {
            flushed[f.Dnn.Value] = f.Weights;
            CompleteIfDone();
        });
        Receive<DnnRestarted>(restarted =>
        {
            DdloMetrics.DnnRestarts.Add(1);
            if (++restarts == (long)settings.MaxDnnRestarts + 1)
            {
                owner.Tell(new RunCannotProceed(
                    $"the DNNs restarted {restarts} times (more than ddlo.run.max-dnn-restarts = {settings.MaxDnnRestarts}): their training keeps failing, last with '{restarted.Reason.Split('\n')[0]}'; is ddlo.learning.learning-rate far too high?"));
            }
        });
        Receive<DnnLost>(gone =>
        {
            lost.Add(gone.Dnn.Value);
            CompleteIfDone();
        });
        Receive<GetProgress>(_ => Sender.Tell(CurrentProgress()));
        Receive<CaptureState>(capture => capture.ReplyTo.Tell(StateBlob.Capture(CheckpointParts.Recorder, 0, WriteState)));
        Receive<RestoreState>(restore => Sender.Tell(StateBlob.Restore(restore, CheckpointParts.Recorder, 0, ReadState)));
    }

    public static Props Props(RecorderSettings settings, IActorRef owner) =>
        Akka.Actor.Props.Create(() => new Recorder(settings, owner));

    /// <summary>The set-up is timed from here to <see cref="RunStarted"/>.</summary>
    protected override void PreStart() => createdAt = clock.GetTimestamp();

    protected override void PostStop() => metrics.Dispose();

    private double ElapsedSeconds(long until) =>
        firstSlotAt is { } start ? (until - start) / (double)clock.TimestampFrequency : elapsedBefore;

    private void Handle(SlotDecided slot)
    {
        var workload = slot.Workload;
        double optimal = oracle?.OptimalQ(slot.Slot.Value, workload) ?? double.NaN;
        double localQ = model.Value(workload, OffloadDecision.Uniform(workload.TaskCount, offload: false));
        double edgeQ = model.Value(workload, OffloadDecision.Uniform(workload.TaskCount, offload: true));
        var record = new StepRecord(
            slot.Slot.Value, slot.Q, optimal, localQ, edgeQ, slot.Winner?.Value ?? -1, slot.Candidates, slot.Degraded,
            slot.LatencyMicroseconds, slot.Decision.Count(x => x))
        {
            Candidate = slot.Candidate,
            Objective = model.Objective,
            NetworkQ = slot.NetworkQ,
            NetworkLatencyMicroseconds = slot.NetworkLatencyMicroseconds,
            Queues = slot.Queues,
        };
        records.Add(record);
        lastDecisionAt = clock.GetTimestamp();
        AddToWindow(record);
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
            var outcome = new SlotOutcomeReport(slot.Slot, workload, slot.Decision, slot.Q, slot.Bandwidth, optimal, slot.Winner);
            foreach (var learner in learners)
            {
                learner.Tell(outcome);
            }
        }
    }

    private double WorstGap => Math.Max(oracle?.WorstGap ?? 0, restoredGap);

    private void AddToWindow(StepRecord record)
    {
        if (double.IsNaN(record.OptimalQ))
        {
            return;
        }

        window.Enqueue(record.GainRatio);
        windowSum += record.GainRatio;
        if (window.Count > rollingWindow)
        {
            windowSum -= window.Dequeue();
        }

        metrics.ReportRollingGain(windowSum / window.Count);
    }

    /// <summary>The records and losses so far, the restarts, the worst certified gap and the run's elapsed time.</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(ElapsedSeconds(clock.GetTimestamp()));
        writer.Write(restarts);
        writer.Write(WorstGap);
        writer.Write(records.Count);
        records.ForEach(record => record.Write(writer));
        writer.Write(losses.Count);
        losses.ForEach(loss => loss.Write(writer));
    }

    private void ReadState(BinaryReader reader)
    {
        double elapsed = reader.ReadDouble();
        restarts = reader.ReadInt64();
        restoredGap = reader.ReadDouble();
        records.Clear();
        records.AddRange(Enumerable.Range(0, reader.ReadInt32()).Select(_ => StepRecord.Read(reader) with { Objective = model.Objective }));
        losses.Clear();
        losses.AddRange(Enumerable.Range(0, reader.ReadInt32()).Select(_ => LossRecord.Read(reader)));
        window.Clear();
        windowSum = 0;
        foreach (var record in records)
        {
            AddToWindow(record);
        }

        elapsedBefore = elapsed;
    }

    private RunProgress CurrentProgress()
    {
        double seconds = firstSlotAt is null ? 0 : ElapsedSeconds(clock.GetTimestamp());
        return new RunProgress(
            records.Count,
            steps,
            window.Count > 0 ? windowSum / window.Count : double.NaN,
            seconds > 0 ? records.Count / seconds : 0,
            records.LongCount(r => r.Degraded))
        {
            DataQueue = records.Count > 0 && records[^1].Queues is { } queues ? queues.DataQueue : double.NaN,
        };
    }

    private void CompleteIfDone()
    {
        if (completed || generated is null || flushed.Keys.Union(lost).Count() < dnnCount)
        {
            return;
        }

        completed = true;

        var record = new RunRecord(
            records.OrderBy(r => r.Slot).ToImmutableArray(),
            losses.OrderBy(l => l.Round).ThenBy(l => l.Dnn).ToImmutableArray(),
            dnnCount,
            oracle?.Name ?? "none",
            generated.Value,
            ElapsedSeconds(lastDecisionAt),
            restarts,
            policy,
            WorstGap)
        {
            SetupSeconds = setupSeconds,
            Objective = model.Objective,
            Model = model.Name,
            NetworkWeights = flushed.Where(f => f.Value.Length > 0).ToImmutableSortedDictionary(f => f.Key, f => f.Value),
        };
        owner.Tell(new RecordingComplete(record));
    }
}
