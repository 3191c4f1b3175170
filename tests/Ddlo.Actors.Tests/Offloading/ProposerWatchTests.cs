using Ddlo.Actors.Offloading;

namespace Ddlo.Actors.Tests.Offloading;

public sealed class ProposerWatchTests
{
    [Fact]
    public void Should_hold_the_next_call_while_one_is_out_in_time_and_count_nothing_for_a_call_that_returns_in_time()
    {
        var watch = new ProposerWatch(allowedMisses: 1);

        long call = watch.Start();

        Assert.True(watch.Busy);
        Assert.False(watch.Answers);
        Assert.True(watch.Returned(call));
        Assert.True(watch.Answers);
        Assert.False(watch.Overran(call));
        Assert.Equal(0, watch.Misses);
    }

    [Fact]
    public void Should_give_up_on_a_call_that_overruns_until_it_returns_late_and_count_the_miss_once()
    {
        var watch = new ProposerWatch(allowedMisses: 2);
        long call = watch.Start();

        Assert.True(watch.Overran(call));
        Assert.False(watch.Overran(call));

        Assert.False(watch.Busy);
        Assert.False(watch.Answers);
        Assert.Equal(1, watch.Misses);
        Assert.False(watch.Returned(call));
        Assert.True(watch.Answers);
        Assert.False(watch.Failed);
    }

    [Fact]
    public void Should_take_the_policy_as_failed_at_its_last_allowed_miss_even_if_the_call_comes_back()
    {
        var watch = new ProposerWatch(allowedMisses: 2);
        for (int i = 0; i < 2; i++)
        {
            long call = watch.Start();
            Assert.True(watch.Overran(call));
            Assert.False(watch.Returned(call));
        }

        Assert.True(watch.Failed);
        Assert.False(watch.Answers);
        Assert.Throws<InvalidOperationException>(() => watch.Start());
    }

    [Fact]
    public void Should_ignore_the_deadline_or_the_answer_of_a_call_that_is_not_the_one_out()
    {
        var watch = new ProposerWatch(allowedMisses: 3);
        long first = watch.Start();
        Assert.True(watch.Returned(first));
        long second = watch.Start();

        Assert.False(watch.Overran(first));
        Assert.False(watch.Returned(first));
        Assert.True(watch.Busy);
        Assert.True(watch.Returned(second));
    }
}
