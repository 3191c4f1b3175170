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
}
