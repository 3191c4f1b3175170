using Ddlo.Actors.Edge;
using Ddlo.Learning.Candidates;

namespace Ddlo.Actors.Tests.Edge;

public sealed class DecisionOrderTests
{
    [Fact]
    public void Should_ask_about_slots_in_slot_order_whatever_order_their_workloads_arrive_in()
    {
        var order = new DecisionOrder(firstSlot: 0, new AdaptiveCandidateCount(4, adaptive: false, interval: 1), adaptive: false, staleness: 0);

        order.Assembled(1);
        order.Assembled(2);
        Assert.Empty(order.Due());
        order.Assembled(0);

        Assert.Equal([(0L, 4), (1L, 4), (2L, 4)], order.Due());
        Assert.Equal(3, order.NextToAsk);
    }

    /// <summary>
    /// The adaptive count (every slot a window here: the winning rank + 2) of slot t is the one slot t - 1 - staleness
    /// left: slot t waits for that slot's decision, never for a later one, and later decisions do not change it.
    /// </summary>
    [Fact]
    public void Should_ask_each_slot_for_the_count_its_staleness_fixes_and_wait_for_the_decisions_it_comes_from()
    {
        var order = new DecisionOrder(firstSlot: 0, new AdaptiveCandidateCount(8, adaptive: true, interval: 1), adaptive: true, staleness: 1);
        foreach (long slot in new long[] { 0, 1, 2, 3 })
        {
            order.Assembled(slot);
        }

        // Slots 0 and 1 come from before the run: the configured count. Slot 2 needs slot 0's decision.
        Assert.Equal([(0L, 8), (1L, 8)], order.Due());
        order.Decided(1, rank: 5);
        Assert.Empty(order.Due());
        order.Decided(0, rank: 1);
        // Slot 2 gets slot 0's count (1 + 2), slot 3 slot 1's (5 + 2), though both were decided before either was asked.
        Assert.Equal([(2L, 3), (3L, 7)], order.Due());
    }

    [Fact]
    public void Should_resume_from_its_saved_state_with_the_counts_the_next_slots_are_asked_for()
    {
        var order = new DecisionOrder(firstSlot: 0, new AdaptiveCandidateCount(8, adaptive: true, interval: 1), adaptive: true, staleness: 1);
        foreach (var (slot, rank) in new (long, int)[] { (0, 0), (1, 4), (2, 2) })
        {
            order.Assembled(slot);
            order.Due();
            order.Decided(slot, rank);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            order.WriteState(writer);
        }

        stream.Position = 0;
        var resumed = new DecisionOrder(firstSlot: 3, new AdaptiveCandidateCount(8, adaptive: true, interval: 1), adaptive: true, staleness: 1);
        resumed.ReadState(new BinaryReader(stream));
        resumed.Assembled(3);
        resumed.Assembled(4);

        // Slot 3 comes from slot 1 (4 + 2), slot 4 from slot 2 (2 + 2): both saved, neither decided in this run.
        Assert.Equal([(3L, 6), (4L, 4)], resumed.Due());
    }
}
