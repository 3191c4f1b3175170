using Ddlo.Learning.Memory;

namespace Ddlo.Learning.Tests.Memory;

public sealed class TrainingScheduleTests
{
    [Theory]
    [InlineData(10, 0)]
    [InlineData(10, 128)]
    [InlineData(7, 20)]
    [InlineData(1, 1)]
    public void Should_count_the_same_rounds_as_it_schedules(int interval, int warmup)
    {
        var schedule = new TrainingSchedule(interval, warmup);
        long rounds = 0;
        for (long stored = 1; stored <= 500; stored++)
        {
            if (schedule.TrainsAfter(stored))
            {
                rounds++;
                Assert.True(stored >= warmup);
            }

            Assert.Equal(rounds, schedule.RoundsAfter(stored));
        }

        Assert.True(rounds > 0);
    }

    /// <summary>Slot t is decided after the rounds of slots up to t - 1 - staleness: here a round follows every 10th slot.</summary>
    [Theory]
    [InlineData(9, 0, 0)]
    [InlineData(10, 0, 1)]
    [InlineData(10, 1, 0)]
    [InlineData(11, 1, 1)]
    [InlineData(13, 3, 1)]
    [InlineData(12, 3, 0)]
    [InlineData(2, 5, 0)]
    public void Should_fix_the_rounds_a_slot_is_decided_after_by_its_staleness(long slot, int staleness, long rounds) =>
        Assert.Equal(rounds, new TrainingSchedule(Interval: 10, Warmup: 0).RoundsBefore(slot, staleness));
}
