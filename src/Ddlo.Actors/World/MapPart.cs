using System.Collections.Immutable;
using Akka.Actor;

namespace Ddlo.Actors.World;

/// <summary>
/// One node's part of a map run spread over a cluster: a copy of the learner and the cells it serves. The clock hands
/// it a slot's devices for all its cells in one message; it has each cell decide, has its learner store the cells'
/// rows in cell order (as the clock does on one node), and answers the cells' results and the loss in one message:
/// a slot crosses the network once each way per node. A part that fails is stopped, not restarted (its slot's state
/// would be lost): the clock, which watches every learner and cell, then ends the run naming it. The part stops with
/// the clock.
/// </summary>
internal sealed class MapPart : ReceiveActor
{
    private readonly int learnerIndex;
    private readonly IActorRef learner;
    private readonly IActorRef[] cells;
    private readonly CellDecided?[] decided;
    private readonly IActorRef clock;
    private long slot = -1;
    private int answered;

    /// <param name="plan">The map's parts, built on this node from the run's settings.</param>
    /// <param name="request">Which learner, which cells, and their checkpoint states when resuming.</param>
    /// <param name="clock">The run's clock: told what was hosted, and watched.</param>
    public MapPart(MapPlan plan, HostMapPart request, IActorRef clock)
    {
        bool resuming = !request.States.IsEmpty;
        (learnerIndex, this.clock) = (request.Learner, clock);
        learner = Context.ActorOf(MapLearner.Props(plan, request.Learner, resuming ? request.States[0] : null), $"learner-{request.Learner}");
        cells = [.. request.Cells.Select((cell, i) => Context.ActorOf(MapCell.Props(plan, cell, learner, resuming ? request.States[i + 1] : null), $"cell-{cell}"))];
        decided = new CellDecided?[cells.Length];
        Context.Watch(clock);
        clock.Tell(new MapPartHosted(request.Learner, Self, learner, [.. cells]));
        Receive<DecidePart>(Decide);
        Receive<CellDecided>(Decided);
        Receive<Learned>(Stored);
        Receive<Terminated>(ended => ended.ActorRef.Equals(clock), _ => Context.Stop(Self));
    }

    private void Decide(DecidePart part)
    {
        (slot, answered) = (part.Slot, 0);
        Array.Clear(decided);
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i].Tell(part.Cells[i]);
        }
    }

    /// <summary>A cell's slot: once every cell's is in, the learner stores their rows in cell order.</summary>
    private void Decided(CellDecided cell)
    {
        int i = Array.IndexOf(cells, Sender);
        if (cell.Result.Slot != slot || i < 0 || decided[i] is not null)
        {
            return;
        }

        decided[i] = cell;
        if (++answered < cells.Length)
        {
            return;
        }

        learner.Tell(LearnSlot.Of(slot, decided.Select(d => d!)));
    }

    private void Stored(Learned learned)
    {
        if (learned.Slot == slot)
        {
            clock.Tell(new PartDecided(slot, learnerIndex, [.. decided.Select(d => d!.Result)], learned.Loss));
        }
    }

    public static Props Props(MapPlan plan, HostMapPart request, IActorRef clock) => Akka.Actor.Props.Create(() => new MapPart(plan, request, clock));

    /// <summary>A learner or cell that fails is stopped, and the clock is told why first (it then sees the child stop).</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(error =>
    {
        var cause = error is ActorInitializationException { InnerException: { } inner } ? inner : error;
        string node = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();
        clock.Tell(new Messages.HostingFailed($"{Sender.Path.Name} of the map on {node} failed: {cause.Message.Split('\n')[0]}"));
        return Directive.Stop;
    });
}
