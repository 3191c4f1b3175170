using System.Collections.Immutable;
using Ddlo.Actors.Messages;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Recording;

/// <summary>
/// The <see cref="Recorder"/>'s log of one run, as plain state: every decided slot scored against the optimum and the
/// local-only and edge-only baselines, the training losses, the rolling gain over the last scored slots, the run's clock
/// (the set-up timed apart, a resumed run going on from its checkpoint's time), the DNN restarts, and the rule that
/// completes the run: the edge server has decided every slot and every DNN has flushed its training or is lost. It is
/// also the recorder's part of a checkpoint. No Akka.
/// </summary>
internal sealed class RunLog : ICheckpointable
{
    private readonly RecorderSettings settings;
    private readonly TimeProvider clock;
    private readonly List<StepRecord> records = [];
    private readonly List<LossRecord> losses = [];
    private readonly Dictionary<int, ImmutableArray<byte>> flushed = [];
    private readonly HashSet<int> lost = [];
    private readonly Queue<double> window = new();
    private readonly long createdAt;
    private double windowSum;
    private long? firstSlotAt;
    private double setupSeconds;
    private double elapsedBefore;
    private long lastDecisionAt;
    private long? generated;
    private int decisionBits;
    private double restoredGap;
    private bool completed;

    /// <summary>The set-up is timed from here (the recorder's creation) to <see cref="Start"/>.</summary>
    public RunLog(RecorderSettings settings)
    {
        this.settings = settings;
        clock = settings.Clock;
        createdAt = clock.GetTimestamp();
    }

    /// <summary>DNN restarts so far (with those before the checkpoint a run resumed from).</summary>
    public long Restarts { get; private set; }

    /// <summary>The mean gain ratio over the last rolling-window scored slots (null before any).</summary>
    public double? RollingGain => window.Count > 0 ? windowSum / window.Count : null;

    private double WorstGap => Math.Max(settings.Oracle?.WorstGap ?? 0, restoredGap);

    /// <summary>The edge server starts the first slot: the run's clock starts (from the checkpoint's time when resumed).</summary>
    public void Start()
    {
        long now = clock.GetTimestamp();
        setupSeconds = clock.GetElapsedTime(createdAt, now).TotalSeconds;
        // A resumed run's clock goes on from where its checkpoint left it.
        firstSlotAt = now - (long)(elapsedBefore * clock.TimestampFrequency);
        lastDecisionAt = now;
    }

    /// <summary>Scores a decided slot (Q* when the run scores, the local-only and edge-only baselines) and logs it.</summary>
    public StepRecord Add(SlotDecided slot)
    {
        var workload = slot.Workload;
        decisionBits = workload.TaskCount;
        var model = settings.Model;
        double optimal = settings.Oracle?.OptimalQ(slot.Slot.Value, workload) ?? double.NaN;
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
            SearchQ = slot.SearchQ,
            Priced = slot.Priced,
            Queues = slot.Queues,
        };
        records.Add(record);
        lastDecisionAt = clock.GetTimestamp();
        AddToWindow(record);
        return record;
    }

    public void Add(Trained trained) => losses.Add(new LossRecord(trained.Dnn.Value, trained.Round, trained.AfterSlot.Value, trained.Loss));

    /// <summary>A DNN restarted: once the restarts pass ddlo.run.max-dnn-restarts (and only then), why the run must stop.</summary>
    public RunCannotProceed? DnnRestarted(string reason)
    {
        if (++Restarts != (long)settings.MaxDnnRestarts + 1)
        {
            return null;
        }

        return new RunCannotProceed(
            $"the DNNs restarted {Restarts} times (more than ddlo.run.max-dnn-restarts = {settings.MaxDnnRestarts}): their training keeps failing, last with '{reason.Split('\n')[0]}'; is ddlo.learning.learning-rate far too high?");
    }

    /// <summary>The edge server decided every slot, <paramref name="slotsGenerated"/> of them generated: the record when that completes the run.</summary>
    public RecordingComplete? AllSlotsDecided(long slotsGenerated)
    {
        generated = slotsGenerated;
        return CompleteIfDone();
    }

    /// <summary>A DNN flushed its training: the record when that completes the run.</summary>
    public RecordingComplete? Flushed(DnnId dnn, ImmutableArray<byte> weights)
    {
        flushed[dnn.Value] = weights;
        return CompleteIfDone();
    }

    /// <summary>A DNN is gone and will not flush: the record when that completes the run.</summary>
    public RecordingComplete? Lost(DnnId dnn)
    {
        lost.Add(dnn.Value);
        return CompleteIfDone();
    }

    public RunProgress Progress()
    {
        double seconds = firstSlotAt is null ? 0 : ElapsedSeconds(clock.GetTimestamp());
        return new RunProgress(
            records.Count,
            settings.Steps,
            RollingGain ?? double.NaN,
            seconds > 0 ? records.Count / seconds : 0,
            records.LongCount(r => r.Degraded))
        {
            DataQueue = records.Count > 0 && records[^1].Queues is { } queues ? queues.DataQueue : double.NaN,
        };
    }

    /// <summary>The records and losses so far, the restarts, the worst certified gap and the run's elapsed time.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ElapsedSeconds(clock.GetTimestamp()));
        writer.Write(Restarts);
        writer.Write(WorstGap);
        writer.Write(records.Count);
        records.ForEach(record => record.Write(writer));
        writer.Write(losses.Count);
        losses.ForEach(loss => loss.Write(writer));
    }

    /// <summary>Takes up what <see cref="WriteState"/> wrote; the rolling window is refilled from the records, in order.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        double elapsed = reader.ReadDouble();
        Restarts = reader.ReadInt64();
        restoredGap = reader.ReadDouble();
        records.Clear();
        records.AddRange(Enumerable.Range(0, reader.ReadInt32()).Select(_ => StepRecord.Read(reader) with { Objective = settings.Model.Objective }));
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

    private double ElapsedSeconds(long until) =>
        firstSlotAt is { } start ? (until - start) / (double)clock.TimestampFrequency : elapsedBefore;

    /// <summary>A scored slot's gain enters the window, whose sum is kept running (the oldest leaves past the window's size).</summary>
    private void AddToWindow(StepRecord record)
    {
        if (double.IsNaN(record.OptimalQ))
        {
            return;
        }

        window.Enqueue(record.GainRatio);
        windowSum += record.GainRatio;
        if (window.Count > settings.RollingWindow)
        {
            windowSum -= window.Dequeue();
        }
    }

    private RecordingComplete? CompleteIfDone()
    {
        if (completed || generated is null || flushed.Keys.Union(lost).Count() < settings.DnnCount)
        {
            return null;
        }

        completed = true;
        var model = settings.Model;
        return new RecordingComplete(new RunRecord(
            records.OrderBy(r => r.Slot).ToImmutableArray(),
            losses.OrderBy(l => l.Round).ThenBy(l => l.Dnn).ToImmutableArray(),
            settings.DnnCount,
            settings.Oracle?.Name ?? "none",
            generated.Value,
            ElapsedSeconds(lastDecisionAt),
            Restarts,
            settings.Policy,
            WorstGap)
        {
            SetupSeconds = setupSeconds,
            Objective = model.Objective,
            Model = model.Name,
            DecisionBits = decisionBits,
            SearchTeaches = settings.SearchTeaches,
            NetworkWeights = flushed.Where(f => f.Value.Length > 0).ToImmutableSortedDictionary(f => f.Key, f => f.Value),
        });
    }
}
