using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Cells;

namespace Ddlo.Actors.World;

/// <summary>
/// The map's world clock. It opens slot t in every cell once every device has moved, associated and reported for
/// it; each cell decides its own devices' slot; once every cell has, the learner stores the slot (and trains when
/// due), and slot t + 1 opens. Devices move one slot ahead (their moves depend on no decision), so a slot waits on
/// its cells and its learner alone. Everything a slot computes depends on the slot alone, never on the timing: the
/// same seed gives the same numbers. A child that fails ends the run with its error.
/// <para>
/// With checkpoints, every <c>ddlo.run.checkpoint-interval</c> slots (and at a <see cref="StopMap"/>) the clock holds
/// the next slot once the last one is stored, asks every device, cell and learner for its state, and writes them with
/// its own (the record so far, the devices' reports for the next slot) to <c>checkpoint.bin</c>: a run resumed from it
/// decides the same slots as one never stopped.
/// </para>
/// </summary>
internal sealed class MapClock : ReceiveActor, IWithTimers
{
    private readonly MapPlan plan;
    private readonly long steps;
    private readonly IActorRef[] devices;
    private readonly IActorRef[] cells;
    private readonly IActorRef[] learners;
    private readonly double[] losses;
    private readonly Dictionary<long, DeviceSlot?[]> reports = [];
    private readonly Dictionary<long, int> reported = [];
    private readonly CellDecided?[] decided;
    private readonly MapTally tally;
    private readonly Stopwatch clock = new();
    private readonly CheckpointOptions? checkpoints;
    private readonly string settingsHocon;
    private readonly RunCheckpoint? resumeFrom;
    private readonly List<CheckpointPart> capturing = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private int awaited;
    private bool writing;
    private TimeSpan elapsedBefore;
    private IActorRef? requester;
    private bool stopRequested;
    private long current;
    private bool dispatched;
    private int cellsDecided;
    private int learnersStored;
    private long slotStart;
    private readonly WeightsShared?[] shared;
    private readonly IReadOnlyList<IActorRef>? hosts;
    private readonly IActorRef[] parts;
    private readonly bool[] heard;
    private int hosting;
    private int partsDecided;
    private Averaging averaging;
    private int averagingAwaited;
    private long averagings;

    /// <param name="plan">The map's parts.</param>
    /// <param name="checkpoints">Where checkpoints go and the one this run resumes from; null: none (a stop cancels).</param>
    /// <param name="settingsHocon">The run's settings, saved in each checkpoint so a resume needs no scenario file.</param>
    /// <param name="hosts">
    /// The worker hosts of a cluster's nodes, to spread the learner's copies and their cells over (copy l on host l mod
    /// hosts); null: every part is this clock's child, on this node.
    /// </param>
    public MapClock(MapPlan plan, CheckpointOptions? checkpoints, string settingsHocon, IReadOnlyList<IActorRef>? hosts = null)
    {
        this.plan = plan;
        this.hosts = hosts is { Count: > 0 } ? hosts : null;
        (this.checkpoints, this.settingsHocon, resumeFrom) = (checkpoints, settingsHocon, checkpoints?.ResumeFrom);
        steps = plan.Settings.Run.Steps;
        learners = new IActorRef[plan.Learners];
        losses = new double[learners.Length];
        devices = new IActorRef[plan.Devices];
        cells = new IActorRef[plan.Topology.Count];
        decided = new CellDecided?[cells.Length];
        shared = new WeightsShared?[learners.Length];
        parts = new IActorRef[hosts is { Count: > 0 } ? learners.Length : 0];
        heard = new bool[learners.Length];
        tally = new MapTally(plan.SystemModel, plan.Devices, plan.Topology.Count);

        Receive<RunMap>(_ =>
        {
            requester = Sender;
            try
            {
                Start();
            }
            catch (CheckpointException e)
            {
                requester.Tell(new Status.Failure(e));
                Context.Stop(Self);
            }
        });
        Receive<MapPartHosted>(Hosted);
        Receive<PartDecided>(PartDone);
        Receive<HostingFailed>(failed => Fail(new SimulationFailedException($"{failed.Reason}: the map run ends here{ResumeHint}.")));
        Receive<HostingTimedOut>(_ => hosting > 0, _ => Fail(new SimulationFailedException(string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(", ", hosts!.Where((_, h) => Enumerable.Range(0, learners.Length).Any(l => l % hosts!.Count == h && learners[l] is null)).Select(h => h.Path.Address))} did not host its part of the map within {HostingTimeout.TotalSeconds:0} s (a node of another version, or one that cannot read the run's settings: see its log).")))); 
        Receive<Terminated>(ended => Fail(NodeGone(ended)
            ? new SimulationFailedException($"{ended.ActorRef.Path.Name} of the map on {ended.ActorRef.Path.Address} stopped: its node left or failed; the run ends here{ResumeHint}.")
            {
                LostNode = ended.ActorRef.Path.Address,
            }
            : new SimulationFailedException($"{ended.ActorRef.Path.Name} of the map on {ended.ActorRef.Path.Address} stopped: it failed there (that node's log says why); the run ends here{ResumeHint}.")));
        Receive<DeviceMoved>(Moved);
        Receive<CellDecided>(Decided);
        Receive<Learned>(Stored);
        Receive<WeightsShared>(Shared);
        Receive<WeightsUsed>(Used);
        Receive<MapStateSaved>(Captured);
        Receive<CheckpointWritten>(Written);
        Receive<CheckpointNotWritten>(NotWritten);
        Receive<StopMap>(_ =>
        {
            log.Info("Stop asked: the run stops at the end of slot {0}{1}", current, checkpoints is null ? " without a checkpoint" : ", with a checkpoint");
            stopRequested = true;
            if (hosting > 0)
            {
                Fail(new SimulationFailedException("stopped before every node had hosted its part of the map: nothing was decided."));
                return;
            }

            if (checkpoints is null)
            {
                requester?.Tell(new Status.Failure(new OperationCanceledException("the map run was stopped")));
                Context.Stop(Self);
            }
        });
        Receive<GetMapProgress>(_ => Sender.Tell(tally.Progress(steps)));
    }

    public static Props Props(MapPlan plan, CheckpointOptions? checkpoints, string settingsHocon, IReadOnlyList<IActorRef>? hosts = null) =>
        Akka.Actor.Props.Create(() => new MapClock(plan, checkpoints, settingsHocon, hosts));

    /// <summary>
    /// Makes the devices, cells and learners (from the checkpoint's parts, when resuming) and moves the devices for the
    /// first slots. Done once the run is asked for, so a part that fails to start has someone to tell.
    /// </summary>
    private void Start()
    {
        if (resumeFrom is not null)
        {
            MapCheckpoint.Read(resumeFrom.Part(MapCheckpoint.Clock, 0), ReadState);
        }

        for (int n = 0; n < devices.Length; n++)
        {
            devices[n] = Context.ActorOf(MapDevice.Props(plan.CreateDevice(n), Saved(MapCheckpoint.Device, n)), $"device-{n}");
        }

        if (hosts is not null)
        {
            // Over a cluster: each copy of the learner with its cells on a node; the run begins once every node has them.
            // A host that goes, or does not answer in time, ends the run rather than leaving it waiting.
            hosting = learners.Length;
            foreach (var host in hosts.Distinct())
            {
                Context.Watch(host);
            }

            Timers.StartSingleTimer(HostingTimedOut.Instance, HostingTimedOut.Instance, HostingTimeout);
            for (int l = 0; l < learners.Length; l++)
            {
                var served = plan.CellsOf(l);
                var states = resumeFrom is null ? ImmutableArray<ImmutableArray<byte>>.Empty
                    : [Saved(MapCheckpoint.Learner, l)!.Value, .. served.Select(c => Saved(MapCheckpoint.Cell, c)!.Value)];
                hosts[l % hosts.Count].Tell(new HostMapPart(plan.Settings, l, served, states));
            }

            return;
        }

        for (int l = 0; l < learners.Length; l++)
        {
            learners[l] = Context.ActorOf(MapLearner.Props(plan, l, Saved(MapCheckpoint.Learner, l)), learners.Length == 1 ? "learner" : $"learner-{l}");
        }

        for (int c = 0; c < cells.Length; c++)
        {
            cells[c] = Context.ActorOf(MapCell.Props(plan, c, learners[plan.LearnerOf(c)], Saved(MapCheckpoint.Cell, c)), $"cell-{c}");
        }

        Begin();
    }

    /// <summary>A node hosts its part: once every part is hosted (and watched: a node that goes ends the run), the run begins.</summary>
    private void Hosted(MapPartHosted part)
    {
        if (hosting == 0 || part.Learner < 0 || part.Learner >= learners.Length || learners[part.Learner] is not null)
        {
            return;
        }

        learners[part.Learner] = part.LearnerRef;
        parts[part.Learner] = part.Part;
        Context.Watch(part.Part);
        Context.Watch(part.LearnerRef);
        var served = plan.CellsOf(part.Learner);
        for (int i = 0; i < served.Length; i++)
        {
            cells[served[i]] = part.Cells[i];
            Context.Watch(part.Cells[i]);
        }

        if (--hosting == 0)
        {
            Timers.Cancel(HostingTimedOut.Instance);
            foreach (var host in hosts!.Distinct())
            {
                Context.Unwatch(host);
            }

            Begin();
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>How long the nodes have to host their parts of the map.</summary>
    private static readonly TimeSpan HostingTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether a part stopped because its node is gone (the address is no longer reachable, or the member is leaving,
    /// down or removed), not because it failed on a node that is still there.
    /// </summary>
    private bool NodeGone(Terminated ended)
    {
        var address = ended.ActorRef.Path.Address;
        if (ended.AddressTerminated)
        {
            return true;
        }

        if (hosts is null || !address.HasGlobalScope)
        {
            return false;
        }

        var state = Akka.Cluster.Cluster.Get(Context.System).State;
        return state.Unreachable.Any(m => m.Address == address) || !state.Members.Any(m => m.Address == address && m.Status == Akka.Cluster.MemberStatus.Up);
    }

    /// <summary>What the user is told to do after a run that ended early.</summary>
    private string ResumeHint => checkpoints is null ? string.Empty : "; its last checkpoint resumes it";

    /// <summary>The run ends with <paramref name="error"/>, told to whoever asked for it.</summary>
    private void Fail(Exception error)
    {
        log.Error("The map run ends: {Reason}", error.Message);
        requester?.Tell(new Status.Failure(error));
        Context.Stop(Self);
    }

    /// <summary>Every part is in place: the devices move for the first slots, and the first slot opens once they have.</summary>
    private void Begin()
    {
        if (hosts is not null)
        {
            log.Info("Map placed: {Copies} copies of the learner with their cells on {Nodes}", learners.Length, string.Join(", ", learners.Select(l => l.Path.Address).Distinct()));
        }

        clock.Start();
        if (resumeFrom is null)
        {
            Move(0);
        }

        // Resumed: the devices' reports for the first slot are in the checkpoint, and they moved no further.
        Move(current + 1);
        DispatchIfReady();
    }

    /// <summary>Part <paramref name="name"/> <paramref name="index"/> of the checkpoint this run resumes from, or null.</summary>
    private ImmutableArray<byte>? Saved(string name, int index) => resumeFrom?.Part(name, index);
    /// <summary>
    /// The clock itself failed (a bug, or a saved state that passed every check and still does not fit): a restarted
    /// clock would have lost its run and wait forever, so the run ends with the error instead.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        requester?.Tell(new Status.Failure(reason));
        Context.Stop(Self);
        base.PreRestart(reason, message);
    }

    /// <summary>A device, cell or the learner failed: the run ends with its error (a restart would lose its slot's state).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(error =>
    {
        // A part that could not start from its saved state says so itself.
        requester?.Tell(new Status.Failure(error is ActorInitializationException { InnerException: { } cause } ? cause : error));
        Context.Stop(Self);
        return Directive.Stop;
    });

    private void Move(long slot)
    {
        if (slot >= steps)
        {
            return;
        }

        reports[slot] = new DeviceSlot?[devices.Length];
        reported[slot] = 0;
        var move = new MoveDevice(slot);
        foreach (var device in devices)
        {
            device.Tell(move);
        }
    }

    private void Moved(DeviceMoved moved)
    {
        reports[moved.Slot][moved.Report.Device] = moved.Report;
        reported[moved.Slot]++;
        DispatchIfReady();
    }

    /// <summary>
    /// Opens the current slot in every cell once every device has reported it, every part is in place, and no
    /// checkpoint or averaging is under way (a device's report may arrive during either).
    /// </summary>
    private void DispatchIfReady()
    {
        if (dispatched || hosting > 0 || awaited > 0 || averagingAwaited > 0 || writing || !reported.TryGetValue(current, out int count) || count < devices.Length)
        {
            return;
        }

        dispatched = true;
        slotStart = Stopwatch.GetTimestamp();
        var all = reports[current];
        var served = new ImmutableArray<DeviceSlot>.Builder[cells.Length];
        for (int c = 0; c < cells.Length; c++)
        {
            served[c] = ImmutableArray.CreateBuilder<DeviceSlot>();
        }

        tally.Open();
        foreach (var report in all)
        {
            var device = report!;
            if (device.Handover)
            {
                DdloMetrics.MapHandovers.Add(1, OnOtherNode(tally.LastCell(device.Device), device.Cell) ? DdloMetrics.AcrossNodes : DdloMetrics.AcrossCells);
            }

            if (tally.Observe(current, device))
            {
                served[device.Cell].Add(device);
            }
        }

        if (parts.Length > 0)
        {
            // Over a cluster: one message to each node's part, with its cells' devices.
            for (int l = 0; l < parts.Length; l++)
            {
                var own = plan.CellsOf(l).Select(c => new DecideCell(current, served[c].ToImmutable()));
                parts[l].Tell(new DecidePart(current, [.. own]));
            }

            return;
        }

        for (int c = 0; c < cells.Length; c++)
        {
            cells[c].Tell(new DecideCell(current, served[c].ToImmutable()));
        }
    }

    /// <summary>Whether cells <paramref name="from"/> and <paramref name="to"/> are hosted by different nodes (their copies of the learner are where they were placed; never on one node, nor from or to no cell).</summary>
    private bool OnOtherNode(int from, int to) =>
        hosts is not null && from != Topology.NoCell && to != Topology.NoCell
        && learners[plan.LearnerOf(from)].Path.Address != learners[plan.LearnerOf(to)].Path.Address;

    /// <summary>Over a cluster: a node's part has decided its cells' slot and stored it; once every part has, the slot closes.</summary>
    private void PartDone(PartDecided part)
    {
        if (part.Slot != current || !dispatched || heard[part.Learner])
        {
            return;
        }

        heard[part.Learner] = true;
        foreach (var result in part.Results)
        {
            decided[result.Cell] = new CellDecided(result, [], []);
        }

        losses[part.Learner] = part.Loss;
        if (++partsDecided < parts.Length)
        {
            return;
        }

        partsDecided = 0;
        Array.Clear(heard);
        CloseSlot();
    }

    private void Decided(CellDecided cell)
    {
        if (cell.Result.Slot != current || decided[cell.Result.Cell] is not null)
        {
            return;
        }

        decided[cell.Result.Cell] = cell;
        if (++cellsDecided < cells.Length)
        {
            return;
        }

        // Every cell has decided: each learner stores the slot's rows of the cells it serves, in cell order, whatever
        // order the cells answered in.
        for (int l = 0; l < learners.Length; l++)
        {
            learners[l].Tell(LearnSlot.Of(current, plan.CellsOf(l).Select(c => decided[c]!)));
        }
    }

    private void Stored(Learned learned)
    {
        if (learned.Slot != current)
        {
            return;
        }

        losses[learned.Learner] = learned.Loss;
        if (++learnersStored < learners.Length)
        {
            return;
        }

        learnersStored = 0;
        CloseSlot();
    }

    /// <summary>Every cell has decided the slot and every learner stored it: the record takes it, and the run goes on.</summary>
    private void CloseSlot()
    {
        // The slot's loss: the mean over the learners that trained after it (NaN when none did).
        var trained = losses.Where(double.IsFinite).ToArray();
        double loss = trained.Length == 0 ? double.NaN : trained.Average();

        tally.Close(current, [.. decided.Select(d => d!.Result)], loss, Stopwatch.GetElapsedTime(slotStart).TotalMicroseconds);
        DdloMetrics.SlotsDecided.Add(1);
        reports.Remove(current);
        reported.Remove(current);
        Array.Clear(decided);
        (cellsDecided, dispatched) = (0, false);
        current++;
        if (current == steps)
        {
            clock.Stop();
            if (averagings > 0)
            {
                log.Info("The {Copies} copies of the learner averaged their weights {Averagings} times", learners.Length, averagings);
            }

            requester?.Tell(new MapCompleted(tally.Record(plan, clock.Elapsed + elapsedBefore)));
            Context.Stop(Self);
            return;
        }

        // Copies of the learner: every averaging-rounds training rounds, each takes the copies' mean weights before the next slot.
        if (plan.AveragingSlots > 0 && current % plan.AveragingSlots == 0)
        {
            averaging = Averaging.Sharing;
            averagingAwaited = learners.Length;
            foreach (var learner in learners)
            {
                learner.Tell(ShareWeights.Instance);
            }

            return;
        }

        Continue();
    }

    /// <summary>A copy's weights: once every copy's are in, their mean goes to each (in learner order, whatever the order of answers).</summary>
    private void Shared(WeightsShared weights)
    {
        if (averaging != Averaging.Sharing || shared[weights.Learner] is not null)
        {
            return;
        }

        shared[weights.Learner] = weights;
        if (--averagingAwaited > 0)
        {
            return;
        }

        int networks = weights.Networks.Length;
        var mean = ImmutableArray.CreateRange(Enumerable.Range(0, networks).Select(k => Learning.Networks.WeightAveraging.Mean([.. shared.Select(copy => copy!.Networks[k])])));
        Array.Clear(shared);
        averaging = Averaging.Using;
        averagingAwaited = learners.Length;
        var use = new UseWeights(mean);
        foreach (var learner in learners)
        {
            learner.Tell(use);
        }
    }

    /// <summary>A copy took the mean weights: once all have, the next slot may open.</summary>
    private void Used(WeightsUsed used)
    {
        if (averaging != Averaging.Using || heard[used.Learner])
        {
            return;
        }

        heard[used.Learner] = true;
        if (--averagingAwaited > 0)
        {
            return;
        }

        Array.Clear(heard);
        averaging = Averaging.None;
        averagings++;
        Continue();
    }

    /// <summary>Between two slots, the last one stored (and averaged): a checkpoint when one is due, else the next slot.</summary>
    private void Continue()
    {
        long interval = plan.Settings.Run.CheckpointInterval;
        if (checkpoints is not null && (stopRequested || (interval > 0 && current % interval == 0)))
        {
            Capture();
            return;
        }

        Move(current + 1);
        DispatchIfReady();
    }

    /// <summary>
    /// Between slots <see cref="current"/> - 1 and <see cref="current"/>: every device has moved for the current slot
    /// and no further, every cell is idle and every learner has stored the last slot. Asks each for its state.
    /// </summary>
    private void Capture()
    {
        capturing.Clear();
        awaited = devices.Length + cells.Length + learners.Length;
        foreach (var part in devices.Concat(cells).Concat(learners))
        {
            part.Tell(SaveMapState.Instance);
        }
    }

    /// <summary>
    /// A part's state. Each device answers after its report for the current slot (one mailbox, in order), so once all
    /// are in, the clock holds every report the checkpoint needs.
    /// </summary>
    private void Captured(MapStateSaved saved)
    {
        capturing.Add(new CheckpointPart(saved.Part, saved.Index, [.. saved.State]));
        if (--awaited > 0)
        {
            return;
        }

        capturing.Add(new CheckpointPart(MapCheckpoint.Clock, 0, [.. MapCheckpoint.Bytes(WriteState)]));
        var checkpoint = new RunCheckpoint(current, settingsHocon, [.. capturing]);
        capturing.Clear();
        // Written off the clock's thread (it flushes to disk); the next slot waits for it, progress queries do not.
        writing = true;
        string directory = checkpoints!.Directory;
        long started = Stopwatch.GetTimestamp();
        Task.Run(() => CheckpointFile.Write(directory, checkpoint)).PipeTo(
            Self,
            success: bytes => new CheckpointWritten(checkpoint.Step, bytes, Stopwatch.GetElapsedTime(started)),
            failure: e => new CheckpointNotWritten(e.GetBaseException()));
    }

    private void Written(CheckpointWritten written)
    {
        writing = false;
        log.Info("Checkpoint at step {0}: {1:N0} bytes in {2:0} ms", written.Step, written.Bytes, written.Took.TotalMilliseconds);
        if (stopRequested)
        {
            clock.Stop();
            requester?.Tell(new MapStopped(current, CheckpointFile.PathIn(checkpoints!.Directory)));
            Context.Stop(Self);
            return;
        }

        Move(current + 1);
        DispatchIfReady();
    }

    /// <summary>The checkpoint could not be written: the previous one stays (the file is replaced whole or not at all), and the run stops here.</summary>
    private void NotWritten(CheckpointNotWritten failed)
    {
        string path = CheckpointFile.PathIn(checkpoints!.Directory);
        log.Error("Checkpoint at step {0} not written to {1}: {2}", current, path, failed.Error.Message);
        requester?.Tell(new Status.Failure(RunWriteException.IsWriteFailure(failed.Error) ? RunWriteException.For(path, failed.Error) : failed.Error));
        Context.Stop(Self);
    }

    /// <summary>The clock's part: the slot, the time spent, the record so far and the devices' reports for the slot.</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(current);
        writer.Write((clock.Elapsed + elapsedBefore).Ticks);
        tally.WriteState(writer);
        MapCheckpoint.WriteList(writer, reports[current], (w, report) => MapCheckpoint.Write(w, report!));
    }

    private void ReadState(BinaryReader reader)
    {
        current = reader.ReadInt64();
        elapsedBefore = TimeSpan.FromTicks(reader.ReadInt64());
        tally.ReadState(reader);
        var first = MapCheckpoint.ReadList(reader, MapCheckpoint.ReadDeviceSlot);
        MapTally.Fits(first.Count, devices.Length, "devices");
        if (first.Where((report, n) => report.Device != n || report.Cell < Topology.NoCell || report.Cell >= cells.Length).Any())
        {
            throw new CheckpointException("the checkpoint's map names a device or a cell this scenario does not have");
        }

        reports[current] = [.. first];
        reported[current] = first.Count;
    }

    private sealed record CheckpointWritten(long Step, long Bytes, TimeSpan Took);

    private sealed record HostingTimedOut
    {
        public static HostingTimedOut Instance { get; } = new();
    }

    /// <summary>Where an averaging of the copies is: none under way, their weights being gathered, or the mean being taken.</summary>
    private enum Averaging
    {
        None,
        Sharing,
        Using,
    }

    private sealed record CheckpointNotWritten(Exception Error);
}
