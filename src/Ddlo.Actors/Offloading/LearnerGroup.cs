using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// The proposers one node hosts, as one peer of the edge server: one <see cref="Decide"/> a slot comes to the group,
/// which hands it to each of its proposers (as their solver), gathers their candidates and sends them to the slot's
/// solver in one <see cref="SolveBatch"/>. Two messages a slot cross between the edge node and a learner node, whatever
/// the number of networks there, instead of two per network. A proposer that fails on a slot is passed on to the edge
/// server at once (<see cref="Declined"/>); one that is gone (its node died, it stopped) is no longer waited for; and a
/// slot whose candidates are not all in by the candidate deadline is sent with those that are. The replay memory's
/// traffic comes the same way, one <see cref="ForDnns"/> per round for all the group's networks.
/// </summary>
internal sealed class LearnerGroup : ReceiveActor, IWithTimers
{
    private readonly Dictionary<IActorRef, DnnId> members;
    private readonly Dictionary<DnnId, IActorRef> byDnn;
    private readonly TimeSpan deadline;
    private readonly Dictionary<long, Pending> pending = [];

    public LearnerGroup(IReadOnlyList<(DnnId Dnn, IActorRef Actor)> members, TimeSpan deadline)
    {
        this.members = members.ToDictionary(m => m.Actor, m => m.Dnn);
        byDnn = members.ToDictionary(m => m.Dnn, m => m.Actor);
        this.deadline = deadline;
        Receive<Decide>(Handle);
        Receive<Solve>(Handle);
        Receive<Declined>(Handle);
        Receive<Terminated>(Handle);
        Receive<SendBatch>(send => Send(send.Slot.Value));
        Receive<ForDnns>(bundle =>
        {
            // In order, each to its network: a round's batches, then a flush or a capture after them.
            foreach (var entry in bundle.Entries)
            {
                if (byDnn.TryGetValue(entry.Dnn, out var member))
                {
                    member.Tell(entry.Message, Sender);
                }
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<(DnnId Dnn, IActorRef Actor)> members, TimeSpan deadline) =>
        Akka.Actor.Props.Create(() => new LearnerGroup(members, deadline));

    protected override void PreStart()
    {
        foreach (var member in members.Keys)
        {
            Context.Watch(member);
        }
    }

    private void Handle(Decide decide)
    {
        if (members.Count == 0)
        {
            return;
        }

        pending[decide.Slot.Value] = new Pending(Sender, decide.Solver, decide.Workload, members.Values.ToHashSet());
        Timers.StartSingleTimer(decide.Slot.Value, new SendBatch(decide.Slot), deadline);
        var mine = decide with { Solver = Self };
        foreach (var member in members.Keys)
        {
            member.Tell(mine);
        }
    }

    private void Handle(Solve solve)
    {
        if (pending.TryGetValue(solve.Slot.Value, out var slot) && slot.Waiting.Remove(solve.Dnn))
        {
            slot.Solves.Add(solve);
            SendIfComplete(solve.Slot.Value, slot);
        }
    }

    private void Handle(Declined declined)
    {
        if (pending.TryGetValue(declined.Slot.Value, out var slot) && slot.Waiting.Remove(declined.Dnn))
        {
            slot.Edge.Tell(declined);
            SendIfComplete(declined.Slot.Value, slot);
        }
    }

    private void Handle(Terminated terminated)
    {
        if (!members.Remove(terminated.ActorRef, out var dnn))
        {
            return;
        }

        byDnn.Remove(dnn);

        foreach (var (slot, state) in pending.ToList())
        {
            if (state.Waiting.Remove(dnn))
            {
                SendIfComplete(slot, state);
            }
        }
    }

    private void SendIfComplete(long slot, Pending state)
    {
        if (state.Waiting.Count == 0)
        {
            Send(slot);
        }
    }

    /// <summary>The slot's candidates so far go to its solver, which answers the edge server; the slot is done here.</summary>
    private void Send(long slot)
    {
        if (!pending.Remove(slot, out var state))
        {
            return;
        }

        Timers.Cancel(slot);
        if (state.Solves.Count > 0)
        {
            state.Solver.Tell(new SolveBatch(new SlotId(slot), state.Workload, [.. state.Solves.Select(s => new SolveBatch.Entry(s.Dnn, s.Candidates, s.ProposerPriced))]), state.Edge);
        }
    }

    private sealed record Pending(IActorRef Edge, IActorRef Solver, Core.Model.Workload Workload, HashSet<DnnId> Waiting)
    {
        public List<Solve> Solves { get; } = [];
    }

    private sealed record SendBatch(SlotId Slot);
}
