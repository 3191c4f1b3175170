using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Ddlo.Actors.Recording;
using Ddlo.Core;
using Ddlo.Core.Cells;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Actors.World;

/// <summary>
/// One cell: its edge server's slot loop. It takes the devices the clock says it serves this slot (any number), asks
/// the learner for its networks' proposals on their rows, prices each with the cell's exact split and keeps the best:
/// the decision. Off the decision path it then runs the teacher (device search from that decision), whose decision
/// the memory keeps, and scores the slot: the optimum, and the local, edge, greedy and random baselines.
/// </summary>
internal sealed class MapCell : ReceiveActor
{
    private readonly MapPlan plan;
    private readonly int cell;
    private readonly IActorRef learner;
    private readonly CellPricing pricing;
    private readonly RandomPolicy random;
    private readonly int searchRounds;
    private readonly bool scored;
    private Pending? pending;

    /// <param name="plan">The map's parts.</param>
    /// <param name="cell">Which cell.</param>
    /// <param name="learner">The learner whose networks propose for it.</param>
    /// <param name="state">Its state in the checkpoint a run resumes from, or null.</param>
    public MapCell(MapPlan plan, int cell, IActorRef learner, ImmutableArray<byte>? state)
    {
        (this.plan, this.cell, this.learner) = (plan, cell, learner);
        pricing = plan.CreatePricing(cell);
        random = new RandomPolicy(new ReplayableRandom(Seeds.Derive(plan.Settings.Run.Seed, Seeds.CellStream, cell)));
        if (state is { } saved)
        {
            MapCheckpoint.Read(saved, random.ReadState);
        }

        searchRounds = plan.Settings.Learning.DeviceSearchRounds;
        scored = plan.Settings.Run.Scoring != Configuration.ScoringMode.Off;
        Receive<DecideCell>(Decide);
        Receive<Proposals>(Priced);
        // Asked between slots only: its baseline's stream is its whole state.
        Receive<SaveMapState>(_ => Sender.Tell(new MapStateSaved(MapCheckpoint.Cell, cell, MapCheckpoint.Bytes(random.WriteState))));
    }

    protected override void PreStart() => DdloMetrics.MapCellsHosted.Add(1);

    protected override void PostStop() => DdloMetrics.MapCellsHosted.Add(-1);

    public static Props Props(MapPlan plan, int cell, IActorRef learner, ImmutableArray<byte>? state) =>
        Akka.Actor.Props.Create(() => new MapCell(plan, cell, learner, state));

    private void Decide(DecideCell decide)
    {
        if (decide.Devices.IsEmpty)
        {
            Sender.Tell(new CellDecided(CellSlotResult.Empty(decide.Slot, cell), [], []));
            return;
        }

        long start = Stopwatch.GetTimestamp();
        var rows = plan.Rows(decide.Devices, pricing.Site);
        var workload = CellPricing.Workload(decide.Devices, plan.TasksPerDevice);
        pending = new Pending(decide, workload, rows, start, Sender);
        learner.Tell(new ProposeRows(decide.Slot, cell, rows, decide.Devices.Length));
    }

    private void Priced(Proposals proposals)
    {
        if (pending is not { } slot || slot.Decide.Slot != proposals.Slot)
        {
            return;
        }

        pending = null;
        var workload = slot.Workload;
        bool[]? best = null;
        double q = double.PositiveInfinity;
        foreach (var logits in proposals.Logits)
        {
            var bits = new bool[logits.Length];
            for (int i = 0; i < bits.Length; i++)
            {
                bits[i] = logits[i] > 0;
            }

            double cost = pricing.Price(workload, OffloadDecision.FromBits(bits));
            if (cost < q)
            {
                (best, q) = (bits, cost);
            }
        }

        double decideMicros = Stopwatch.GetElapsedTime(slot.Start).TotalMicroseconds;
        DdloMetrics.MapDeviceSlots.Add(workload.Devices);

        // Off the decision path: the teacher, the optimum and the baselines.
        var taught = searchRounds > 0 ? pricing.Teach(workload, best!, searchRounds) : null;
        var labels = taught is null ? best! : [.. taught.Decision.Bits];
        double teacher = taught is null ? q : pricing.Price(workload, taught.Decision);
        // Q*: the optimum, or the teacher's or the learner's decision where either beats the dual's recovered one; the
        // gap certifies whichever is kept against the dual's lower bound.
        // Not scored (score-against-optimum = off): Q* is not a number.
        var (optimum, bound, _) = scored ? pricing.Optimum(workload) : (double.NaN, double.NaN, false);
        double qStar = scored ? Math.Min(optimum, Math.Min(q, teacher)) : double.NaN;
        int tasks = workload.TaskCount;
        double load = 0;
        foreach (double size in workload.Sizes)
        {
            load += size;
        }

        var result = new CellSlotResult(
            slot.Decide.Slot,
            cell,
            workload.Devices,
            slot.Decide.Devices.Count(d => d.Handover),
            load,
            q,
            teacher,
            qStar,
            scored ? CellPricing.Gap(qStar, bound) : 0,
            pricing.Price(workload, OffloadDecision.Uniform(tasks, false)),
            pricing.Price(workload, OffloadDecision.Uniform(tasks, true)),
            pricing.Price(workload, pricing.Greedy(workload)),
            pricing.Price(workload, random.Decide(workload)),
            proposals.Logits.Length,
            taught?.Priced ?? 0,
            decideMicros);
        slot.ReplyTo.Tell(new CellDecided(result, slot.Rows, labels));
    }

    private sealed record Pending(DecideCell Decide, Workload Workload, double[] Rows, long Start, IActorRef ReplyTo);
}
