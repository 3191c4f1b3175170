using Ddlo.Actors.Edge;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Tests.Edge;

public sealed class SlotPacerTests
{
    [Fact]
    public void Should_keep_at_most_max_in_flight_slots_started_and_start_one_per_decided_slot()
    {
        var pacer = new SlotPacer(steps: 5, maxInFlight: 2, checkpointInterval: 0, firstSlot: 0);

        Assert.Equal([new SlotId(0), new SlotId(1)], pacer.Start());
        Assert.Equal([new SlotId(2)], pacer.SlotDecided());
        Assert.Equal([new SlotId(3)], pacer.SlotDecided());
        Assert.Equal([new SlotId(4)], pacer.SlotDecided());
        Assert.Empty(pacer.SlotDecided());
        Assert.False(pacer.IsComplete);
        Assert.Empty(pacer.SlotDecided());
        Assert.True(pacer.IsComplete);
        Assert.Equal(0, pacer.InFlight);
    }

    [Fact]
    public void Should_hold_before_a_checkpoint_slot_until_the_slots_in_flight_are_decided_then_call_the_checkpoint_once()
    {
        var pacer = new SlotPacer(steps: 10, maxInFlight: 3, checkpointInterval: 4, firstSlot: 0);

        Assert.Equal([0L, 1, 2], pacer.Start().Select(s => s.Value));
        Assert.Equal([3L], pacer.SlotDecided().Select(s => s.Value));
        Assert.Empty(pacer.SlotDecided());
        Assert.False(pacer.TakeDueCheckpoint());
        Assert.Empty(pacer.SlotDecided());
        Assert.False(pacer.TakeDueCheckpoint());
        Assert.Empty(pacer.SlotDecided());

        Assert.True(pacer.TakeDueCheckpoint());
        Assert.Equal(4, pacer.NextSlot);
        Assert.False(pacer.TakeDueCheckpoint());
        Assert.Equal([4L, 5, 6], pacer.Continue().Select(s => s.Value));
    }

    [Fact]
    public void Should_stop_at_a_checkpoint_and_start_nothing_after_it()
    {
        var pacer = new SlotPacer(steps: 10, maxInFlight: 1, checkpointInterval: 0, firstSlot: 0);
        pacer.Start();

        pacer.Stop();
        Assert.False(pacer.TakeDueCheckpoint());
        Assert.Empty(pacer.SlotDecided());
        Assert.True(pacer.TakeDueCheckpoint());
        Assert.Empty(pacer.Continue());
    }

    [Fact]
    public void Should_resume_at_its_first_slot_without_a_checkpoint_there_and_count_the_slots_before_it()
    {
        var pacer = new SlotPacer(steps: 10, maxInFlight: 1, checkpointInterval: 4, firstSlot: 4);

        Assert.Equal([new SlotId(4)], pacer.Start());
        pacer.WorkloadAssembled();
        Assert.Equal(5, pacer.Generated);
        Assert.False(pacer.TakeDueCheckpoint());
    }

    [Fact]
    public void Should_count_only_the_slots_whose_workload_was_assembled_as_generated()
    {
        var pacer = new SlotPacer(steps: 3, maxInFlight: 3, checkpointInterval: 0, firstSlot: 0);
        pacer.Start();

        pacer.WorkloadAssembled();
        pacer.WorkloadAssembled();

        Assert.Equal(3, pacer.NextSlot);
        Assert.Equal(2, pacer.Generated);
    }

    [Fact]
    public void Should_not_call_a_checkpoint_before_the_run_has_started()
    {
        var pacer = new SlotPacer(steps: 10, maxInFlight: 1, checkpointInterval: 0, firstSlot: 0);

        pacer.Stop();

        Assert.False(pacer.TakeDueCheckpoint());
    }
}
