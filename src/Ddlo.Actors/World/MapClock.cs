using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Simulation;
using Ddlo.Core.Cells;
using Ddlo.Core.Mobility;
using Ddlo.Core.Model;

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
internal sealed class MapClock : ReceiveActor
{
    /// <summary>Devices whose every position the record keeps (for the map's tracks).</summary>
    public const int TrackedDevices = 12;

    /// <summary>Handover points the record keeps.</summary>
    public const int MaxHandoverPoints = 5_000;

    private const int ProgressWindow = 100;

    private readonly MapPlan plan;
    private readonly MecModel systemModel;
    private readonly long steps;
    private readonly IActorRef[] devices;
    private readonly IActorRef[] cells;
    private readonly IActorRef[] learners;
    private readonly double[] losses;
    private readonly Dictionary<long, DeviceSlot?[]> reports = [];
    private readonly Dictionary<long, int> reported = [];
    private readonly CellDecided?[] decided;
    private readonly ImmutableArray<MapSlot>.Builder slots = ImmutableArray.CreateBuilder<MapSlot>();
    private readonly ImmutableArray<CellSlotResult>.Builder cellSlots = ImmutableArray.CreateBuilder<CellSlotResult>();
    private readonly List<Position>[] tracks;
    private readonly ImmutableArray<HandoverPoint>.Builder handoverPoints = ImmutableArray.CreateBuilder<HandoverPoint>();
    private readonly long[] deviceHandovers;
    private readonly int[] lastCell;
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
    private double uncoveredQ;
    private int uncovered;
    private int handovers;
    private long totalHandovers;
    private double worstGap;

    /// <param name="plan">The map's parts.</param>
    /// <param name="checkpoints">Where checkpoints go and the one this run resumes from; null: none (a stop cancels).</param>
    /// <param name="settingsHocon">The run's settings, saved in each checkpoint so a resume needs no scenario file.</param>
    public MapClock(MapPlan plan, CheckpointOptions? checkpoints, string settingsHocon)
    {
        this.plan = plan;
        (this.checkpoints, this.settingsHocon, resumeFrom) = (checkpoints, settingsHocon, checkpoints?.ResumeFrom);
        systemModel = plan.SystemModel;
        steps = plan.Settings.Run.Steps;
        learners = new IActorRef[plan.Learners];
        losses = new double[learners.Length];
        devices = new IActorRef[plan.Devices];
        cells = new IActorRef[plan.Topology.Count];
        decided = new CellDecided?[cells.Length];
        tracks = [.. Enumerable.Range(0, Math.Min(TrackedDevices, plan.Devices)).Select(_ => new List<Position>())];
        deviceHandovers = new long[plan.Devices];
        lastCell = Enumerable.Repeat(Topology.NoCell, plan.Devices).ToArray();

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
        Receive<DeviceMoved>(Moved);
        Receive<CellDecided>(Decided);
        Receive<Learned>(Stored);
        Receive<MapStateSaved>(Captured);
        Receive<CheckpointWritten>(Written);
        Receive<CheckpointNotWritten>(NotWritten);
        Receive<StopMap>(_ =>
        {
            log.Info("Stop asked: the run stops at the end of slot {0}{1}", current, checkpoints is null ? " without a checkpoint" : ", with a checkpoint");
            stopRequested = true;
            if (checkpoints is null)
            {
                requester?.Tell(new Status.Failure(new OperationCanceledException("the map run was stopped")));
                Context.Stop(Self);
            }
        });
        Receive<GetMapProgress>(_ => Sender.Tell(Progress()));
    }

    public static Props Props(MapPlan plan, CheckpointOptions? checkpoints, string settingsHocon) =>
        Akka.Actor.Props.Create(() => new MapClock(plan, checkpoints, settingsHocon));

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

        for (int l = 0; l < learners.Length; l++)
        {
            learners[l] = Context.ActorOf(MapLearner.Props(plan, l, Saved(MapCheckpoint.Learner, l)), learners.Length == 1 ? "learner" : $"learner-{l}");
        }

        for (int n = 0; n < devices.Length; n++)
        {
            devices[n] = Context.ActorOf(MapDevice.Props(plan.CreateDevice(n), Saved(MapCheckpoint.Device, n)), $"device-{n}");
        }

        for (int c = 0; c < cells.Length; c++)
        {
            cells[c] = Context.ActorOf(MapCell.Props(plan, c, learners[plan.LearnerOf(c)], Saved(MapCheckpoint.Cell, c)), $"cell-{c}");
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

    /// <summary>Opens the current slot in every cell once every device has reported it (and no checkpoint is being taken).</summary>
    private void DispatchIfReady()
    {
        if (dispatched || awaited > 0 || writing || !reported.TryGetValue(current, out int count) || count < devices.Length)
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

        (uncovered, uncoveredQ, handovers) = (0, 0, 0);
        foreach (var report in all)
        {
            var device = report!;
            Track(device);
            if (device.Cell == Topology.NoCell)
            {
                uncovered++;
                uncoveredQ += CellPricing.LocalQ(systemModel, device);
            }
            else
            {
                served[device.Cell].Add(device);
            }
        }

        for (int c = 0; c < cells.Length; c++)
        {
            cells[c].Tell(new DecideCell(current, served[c].ToImmutable()));
        }
    }

    private void Track(DeviceSlot device)
    {
        if (device.Device < tracks.Length)
        {
            tracks[device.Device].Add(device.Position);
        }

        if (device.Handover)
        {
            handovers++;
            deviceHandovers[device.Device]++;
            if (handoverPoints.Count < MaxHandoverPoints)
            {
                handoverPoints.Add(new HandoverPoint(current, device.Device, lastCell[device.Device], device.Cell, device.Position));
            }
        }

        if (device.Cell != Topology.NoCell)
        {
            lastCell[device.Device] = device.Cell;
        }
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
            var rows = new List<double>();
            var labels = new List<bool>();
            int count = 0;
            for (int c = 0; c < decided.Length; c++)
            {
                if (plan.LearnerOf(c) == l)
                {
                    var done = decided[c]!;
                    rows.AddRange(done.Rows);
                    labels.AddRange(done.Labels);
                    count += done.Result.Devices;
                }
            }

            learners[l].Tell(new LearnSlot(current, [.. rows], [.. labels], count));
        }
    }

    private void Stored(Learned learned)
    {
        if (learned.Slot != current)
        {
            return;
        }

        losses[Array.IndexOf(learners, Sender)] = learned.Loss;
        if (++learnersStored < learners.Length)
        {
            return;
        }

        // The slot's loss: the mean over the learners that trained after it (NaN when none did).
        var trained = losses.Where(double.IsFinite).ToArray();
        double loss = trained.Length == 0 ? double.NaN : trained.Average();
        learnersStored = 0;

        var results = decided.Select(d => d!.Result).ToArray();
        cellSlots.AddRange(results);
        foreach (var result in results)
        {
            worstGap = Math.Max(worstGap, result.Gap);
        }

        totalHandovers += handovers;
        slots.Add(new MapSlot(
            current,
            results.Sum(r => r.Devices),
            uncovered,
            handovers,
            results.Sum(r => r.Q) + uncoveredQ,
            results.Sum(r => r.QTeacher) + uncoveredQ,
            results.Sum(r => r.QOptimum) + uncoveredQ,
            results.Sum(r => r.QLocal) + uncoveredQ,
            results.Sum(r => r.QEdge) + uncoveredQ,
            results.Sum(r => r.QGreedy) + uncoveredQ,
            results.Sum(r => r.QRandom) + uncoveredQ,
            results.Sum(r => (long)r.Priced),
            results.Sum(r => r.TeacherPriced),
            results.Max(r => r.DecideMicros),
            Stopwatch.GetElapsedTime(slotStart).TotalMicroseconds,
            loss));

        reports.Remove(current);
        reported.Remove(current);
        Array.Clear(decided);
        (cellsDecided, dispatched) = (0, false);
        current++;
        if (current == steps)
        {
            clock.Stop();
            requester?.Tell(new MapCompleted(Record()));
            Context.Stop(Self);
            return;
        }

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

    /// <summary>The clock's part: the record so far and the devices' reports for the current slot.</summary>
    private void WriteState(BinaryWriter writer)
    {
        writer.Write(devices.Length);
        writer.Write(cells.Length);
        writer.Write(current);
        writer.Write((clock.Elapsed + elapsedBefore).Ticks);
        writer.Write(totalHandovers);
        writer.Write(worstGap);
        MapCheckpoint.WriteList(writer, slots, MapCheckpoint.Write);
        MapCheckpoint.WriteList(writer, cellSlots, MapCheckpoint.Write);
        MapCheckpoint.WriteList(writer, tracks, (w, track) => MapCheckpoint.WriteList(w, track, MapCheckpoint.Write));
        MapCheckpoint.WriteList(writer, handoverPoints, MapCheckpoint.Write);
        MapCheckpoint.WriteList(writer, deviceHandovers, (w, n) => w.Write(n));
        MapCheckpoint.WriteList(writer, lastCell, (w, c) => w.Write(c));
        MapCheckpoint.WriteList(writer, reports[current], (w, report) => MapCheckpoint.Write(w, report!));
    }

    private void ReadState(BinaryReader reader)
    {
        Fits(reader.ReadInt32(), devices.Length, "devices");
        Fits(reader.ReadInt32(), cells.Length, "cells");
        current = reader.ReadInt64();
        elapsedBefore = TimeSpan.FromTicks(reader.ReadInt64());
        totalHandovers = reader.ReadInt64();
        worstGap = reader.ReadDouble();
        slots.AddRange(MapCheckpoint.ReadList(reader, MapCheckpoint.ReadMapSlot));
        cellSlots.AddRange(MapCheckpoint.ReadList(reader, MapCheckpoint.ReadCellSlot));
        var savedTracks = MapCheckpoint.ReadList(reader, r => MapCheckpoint.ReadList(r, MapCheckpoint.ReadPosition));
        Fits(savedTracks.Count, tracks.Length, "tracked devices");
        for (int t = 0; t < tracks.Length; t++)
        {
            tracks[t].AddRange(savedTracks[t]);
        }

        handoverPoints.AddRange(MapCheckpoint.ReadList(reader, MapCheckpoint.ReadHandoverPoint));
        var handoversByDevice = MapCheckpoint.ReadList(reader, r => r.ReadInt64());
        var cellsByDevice = MapCheckpoint.ReadList(reader, r => r.ReadInt32());
        var first = MapCheckpoint.ReadList(reader, MapCheckpoint.ReadDeviceSlot);
        Fits(handoversByDevice.Count, devices.Length, "devices");
        Fits(cellsByDevice.Count, devices.Length, "devices");
        Fits(first.Count, devices.Length, "devices");
        if (first.Where((report, n) => report.Device != n || report.Cell < Topology.NoCell || report.Cell >= cells.Length).Any()
            || cellsByDevice.Any(c => c < Topology.NoCell || c >= cells.Length))
        {
            throw new CheckpointException("the checkpoint's map names a device or a cell this scenario does not have");
        }

        handoversByDevice.CopyTo(deviceHandovers);
        cellsByDevice.CopyTo(lastCell);
        reports[current] = [.. first];
        reported[current] = first.Count;
    }

    private static void Fits(int saved, int expected, string what)
    {
        if (saved != expected)
        {
            throw new CheckpointException($"the checkpoint's map has {saved} {what}, this scenario {expected}");
        }
    }

    private MapProgress Progress()
    {
        int window = Math.Min(ProgressWindow, slots.Count);
        var recent = slots.Skip(slots.Count - window).ToList();
        double q = recent.Sum(s => s.Q);
        double gain = window == 0 ? double.NaN : q > 0 ? recent.Sum(s => s.QOptimum) / q : 1;
        return new MapProgress(slots.Count, steps, gain, totalHandovers, window == 0 ? 0 : recent.Average(s => s.Handovers));
    }

    private MapRecord Record() => new(
        plan.Topology,
        plan.Area.HalfSideM,
        slots.ToImmutable(),
        cellSlots.ToImmutable(),
        [.. tracks.Select(t => t.ToImmutableArray())],
        handoverPoints.ToImmutable(),
        worstGap,
        clock.Elapsed + elapsedBefore,
        [.. deviceHandovers]);

    private sealed record CheckpointWritten(long Step, long Bytes, TimeSpan Took);

    private sealed record CheckpointNotWritten(Exception Error);
}
