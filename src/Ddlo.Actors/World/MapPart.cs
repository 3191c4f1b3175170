using System.Collections.Immutable;
using Akka.Actor;

namespace Ddlo.Actors.World;

/// <summary>
/// One node's part of a map run spread over a cluster: a copy of the learner and the cells it serves (cells ask their
/// own node's copy for proposals, so a slot crosses the network once each way per node). A part that fails is
/// stopped, not restarted (its slot's state would be lost): the clock, which watches every learner and cell, then
/// ends the run naming it. The part stops with the clock.
/// </summary>
internal sealed class MapPart : ReceiveActor
{
    /// <param name="plan">The map's parts, built on this node from the run's settings.</param>
    /// <param name="request">Which learner, which cells, and their checkpoint states when resuming.</param>
    /// <param name="clock">The run's clock: told what was hosted, and watched.</param>
    public MapPart(MapPlan plan, HostMapPart request, IActorRef clock)
    {
        bool resuming = !request.States.IsEmpty;
        var learner = Context.ActorOf(MapLearner.Props(plan, request.Learner, resuming ? request.States[0] : null), $"learner-{request.Learner}");
        var cells = request.Cells.Select((cell, i) => Context.ActorOf(MapCell.Props(plan, cell, learner, resuming ? request.States[i + 1] : null), $"cell-{cell}"));
        Context.Watch(clock);
        clock.Tell(new MapPartHosted(request.Learner, learner, [.. cells]));
        Receive<Terminated>(ended => ended.ActorRef.Equals(clock), _ => Context.Stop(Self));
    }

    public static Props Props(MapPlan plan, HostMapPart request, IActorRef clock) => Akka.Actor.Props.Create(() => new MapPart(plan, request, clock));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
