using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Offloading;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Tests.Offloading;

/// <summary>One node's proposers as one peer of the edge server: one Decide in, one batch of candidates out.</summary>
public sealed class LearnerGroupSpecs : TestKit
{
    private static readonly Workload Workload = Workload.Create(1, 3, [10, 20, 30]);

    [Fact]
    public void Should_hand_the_slot_to_each_proposer_and_send_their_candidates_to_the_solver_in_one_batch_for_the_edge()
    {
        var (group, members) = Group(TimeSpan.FromMinutes(1), 2);
        var solver = CreateTestProbe();
        var edge = CreateTestProbe();

        group.Tell(new Decide(new SlotId(5), Workload, 0, solver.Ref, 2), edge.Ref);
        foreach (var (member, k) in members.Select((m, k) => (m, k)))
        {
            var decide = member.ExpectMsg<Decide>();
            Assert.Equal(group, decide.Solver);
            Assert.Equal(2, decide.Candidates);
            member.Reply(new Solve(decide.Slot, new DnnId(k), decide.Workload, [k == 0, true, false]));
        }

        var batch = solver.ExpectMsg<SolveBatch>();
        Assert.Equal(edge.Ref, solver.LastSender);
        Assert.Equal(5, batch.Slot.Value);
        Assert.Equal("0:110,1:010", string.Join(",", batch.Entries.OrderBy(e => e.Dnn.Value).Select(e => $"{e.Dnn.Value}:{string.Concat(e.Candidates.Select(b => b ? '1' : '0'))}")));
        solver.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Should_pass_a_decline_on_at_once_and_not_wait_for_a_proposer_that_is_gone()
    {
        var (group, members) = Group(TimeSpan.FromMinutes(1), 3);
        var solver = CreateTestProbe();
        var edge = CreateTestProbe();

        group.Tell(new Decide(new SlotId(1), Workload, 0, solver.Ref, 1), edge.Ref);
        var decide = members[0].ExpectMsg<Decide>();
        members[1].ExpectMsg<Decide>();
        members[2].ExpectMsg<Decide>();
        members[0].Reply(new Solve(decide.Slot, new DnnId(0), Workload, [true, true, true]));
        members[1].Reply(new Declined(decide.Slot, new DnnId(1), "it threw"));
        Assert.Equal(1, edge.ExpectMsg<Declined>().Dnn.Value);
        solver.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Sys.Stop(members[2].Ref);

        var batch = solver.ExpectMsg<SolveBatch>();
        Assert.Equal([0], batch.Entries.Select(e => e.Dnn.Value));
    }

    [Fact]
    public void Should_send_the_candidates_that_are_in_once_the_candidate_deadline_passes()
    {
        var (group, members) = Group(TimeSpan.FromMilliseconds(300), 2);
        var solver = CreateTestProbe();

        group.Tell(new Decide(new SlotId(2), Workload, 0, solver.Ref, 1), TestActor);
        var decide = members[0].ExpectMsg<Decide>();
        members[1].ExpectMsg<Decide>();
        members[0].Reply(new Solve(decide.Slot, new DnnId(0), Workload, [false, false, true]));

        var batch = solver.ExpectMsg<SolveBatch>(TimeSpan.FromSeconds(5));
        Assert.Equal([0], batch.Entries.Select(e => e.Dnn.Value));
        // A candidate after the slot was sent belongs to no pending slot: nothing more goes out.
        members[1].Reply(new Solve(decide.Slot, new DnnId(1), Workload, [true, false, true]));
        solver.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Should_pass_the_memorys_messages_to_each_of_its_networks_in_order()
    {
        var (group, members) = Group(TimeSpan.FromMinutes(1), 2);
        var batch = new TrainingBatch(1, new SlotId(9), 1, [1f, 2f, 3f], [0f, 1f, 0f]);
        var flush = new FlushTraining(TestActor);

        group.Tell(new ForDnns([new ForDnns.Entry(new DnnId(1), batch), new ForDnns.Entry(new DnnId(0), batch with { Round = 2 })]));
        group.Tell(new ForDnns([new ForDnns.Entry(new DnnId(0), flush), new ForDnns.Entry(new DnnId(1), flush)]));

        Assert.Equal(2, members[0].ExpectMsg<TrainingBatch>().Round);
        members[0].ExpectMsg<FlushTraining>();
        Assert.Equal(1, members[1].ExpectMsg<TrainingBatch>().Round);
        members[1].ExpectMsg<FlushTraining>();
    }

    [Fact]
    public void Should_pass_nothing_more_to_a_proposer_once_it_is_gone()
    {
        var (group, members) = Group(TimeSpan.FromMinutes(1), 2);
        var solver = CreateTestProbe();
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));

        group.Tell(new Decide(new SlotId(4), Workload, 0, solver.Ref, 1), TestActor);
        var decide = members[0].ExpectMsg<Decide>();
        members[1].ExpectMsg<Decide>();
        members[0].Reply(new Solve(decide.Slot, new DnnId(0), Workload, [true, false, true]));
        Sys.Stop(members[1].Ref);
        // The slot goes out without proposer 1 once the group has heard it is gone.
        Assert.Equal([0], solver.ExpectMsg<SolveBatch>().Entries.Select(e => e.Dnn.Value));

        var batch = new TrainingBatch(1, new SlotId(9), 1, [1f, 2f, 3f], [0f, 1f, 0f]);
        group.Tell(new ForDnns([new ForDnns.Entry(new DnnId(1), batch), new ForDnns.Entry(new DnnId(0), batch)]));
        members[0].ExpectMsg<TrainingBatch>();

        // Passed on in order, a batch told to the stopped proposer would be a dead letter by now.
        var lost = new List<DeadLetter>();
        while (deadLetters.HasMessages)
        {
            lost.Add(deadLetters.ExpectMsg<DeadLetter>());
        }

        Assert.DoesNotContain(lost, letter => letter.Recipient.Equals(members[1].Ref));
    }

    private (IActorRef Group, Akka.TestKit.TestProbe[] Members) Group(TimeSpan deadline, int size)
    {
        var members = Enumerable.Range(0, size).Select(_ => CreateTestProbe()).ToArray();
        var group = Sys.ActorOf(LearnerGroup.Props([.. members.Select((m, k) => (new DnnId(k), m.Ref))], deadline));
        return (group, members);
    }
}
