using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
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
    private IActorRef? requester;
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

    public MapClock(MapPlan plan)
    {
        this.plan = plan;
        systemModel = plan.SystemModel;
        steps = plan.Settings.Run.Steps;
        learners = [.. Enumerable.Range(0, plan.Learners).Select(l => Context.ActorOf(MapLearner.Props(plan, l), plan.Learners == 1 ? "learner" : $"learner-{l}"))];
        losses = new double[learners.Length];
        devices = [.. Enumerable.Range(0, plan.Devices).Select(n => Context.ActorOf(MapDevice.Props(plan.CreateDevice(n)), $"device-{n}"))];
        cells = [.. Enumerable.Range(0, plan.Topology.Count).Select(c => Context.ActorOf(MapCell.Props(plan, c, learners[plan.LearnerOf(c)]), $"cell-{c}"))];
        decided = new CellDecided?[cells.Length];
        tracks = [.. Enumerable.Range(0, Math.Min(TrackedDevices, plan.Devices)).Select(_ => new List<Position>())];
        deviceHandovers = new long[plan.Devices];
        lastCell = Enumerable.Repeat(Topology.NoCell, plan.Devices).ToArray();

        Receive<RunMap>(_ =>
        {
            requester = Sender;
            clock.Start();
            Move(0);
            Move(1);
        });
        Receive<DeviceMoved>(Moved);
        Receive<CellDecided>(Decided);
        Receive<Learned>(Stored);
        Receive<GetMapProgress>(_ => Sender.Tell(Progress()));
    }

    public static Props Props(MapPlan plan) => Akka.Actor.Props.Create(() => new MapClock(plan));

    /// <summary>A device, cell or the learner failed: the run ends with its error (a restart would lose its slot's state).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(error =>
    {
        requester?.Tell(new Status.Failure(error));
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

    /// <summary>Opens the current slot in every cell once every device has reported it.</summary>
    private void DispatchIfReady()
    {
        if (dispatched || !reported.TryGetValue(current, out int count) || count < devices.Length)
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
            return;
        }

        Move(current + 1);
        DispatchIfReady();
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
        clock.Elapsed,
        [.. deviceHandovers]);
}
