using Ddlo.Actors.Farm;

namespace Ddlo.Actors.Tests.Farm;

/// <summary>
/// The farm's rules as plain state, with workers and runs named by strings and a clock the test moves: who takes
/// which run, what a lost, failing or slow worker's runs become, and when a run fails its caller.
/// </summary>
public sealed class FarmScheduleTests
{
    private TimeSpan now = TimeSpan.Zero;

    private FarmSchedule<string, string> Schedule(TimeSpan? runTimeout = null) => new(runTimeout, () => now);

    private static FarmOrders<string, string> Join(FarmSchedule<string, string> schedule, string worker, int capacity, params int[] cores)
    {
        Assert.True(schedule.Join(worker, $"akka.tcp://ddlo@{worker}:1", "127.0.0.1", capacity, [.. cores], out var orders));
        return orders;
    }

    private static string[] Starts(FarmOrders<string, string> orders) => [.. orders.Starts.Select(s => $"{s.Id}@{s.Worker}")];

    private static string[] Stops(FarmOrders<string, string> orders) => [.. orders.Stops.Select(s => $"{s.Id}@{s.Worker}")];

    private static FarmOrders<string, string> SubmitAll(FarmSchedule<string, string> schedule, int runs)
    {
        FarmOrders<string, string> last = FarmOrders<string, string>.None;
        var starts = new List<FarmOrders<string, string>.Start>();
        for (int id = 1; id <= runs; id++)
        {
            last = schedule.Submit(id, $"job-{id}", $"run-{id}");
            starts.AddRange(last.Starts);
        }

        return last with { Starts = [.. starts] };
    }

    [Fact]
    public void Should_give_runs_oldest_first_to_the_freest_worker_within_its_capacity()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        Join(schedule, "b", 2);

        var orders = SubmitAll(schedule, 5);

        Assert.Equal(["1@b", "2@a", "3@b"], Starts(orders));
        Assert.Equal([4L, 5L], schedule.Queued);
        Assert.Equal("job-1", orders.Starts[0].Job);
    }

    [Fact]
    public void Should_give_a_finished_runs_place_to_the_oldest_queued_run_and_complete_only_the_first_answer()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        SubmitAll(schedule, 2);

        var first = schedule.Finish("a", 1);
        var again = schedule.Finish("a", 1);

        Assert.Equal("job-1", first.Completed);
        Assert.Equal(["2@a"], Starts(first));
        Assert.Null(again.Completed);
        Assert.Empty(again.Starts);
    }

    [Fact]
    public void Should_give_workers_that_share_a_hosts_cores_no_more_runs_than_the_host_has_cores()
    {
        var schedule = Schedule();
        Join(schedule, "a", 2, 0, 1);
        Join(schedule, "b", 2, 0, 1);

        var orders = SubmitAll(schedule, 4);

        Assert.Equal(["1@a", "2@b"], Starts(orders));
        Assert.Equal(["3@a"], Starts(schedule.Finish("a", 1)));
    }

    [Fact]
    public void Should_give_workers_pinned_to_cores_of_their_own_their_own_capacity()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1, 0);
        Join(schedule, "b", 1, 1);

        Assert.Equal(["1@a", "2@b"], Starts(SubmitAll(schedule, 3)));
    }

    [Fact]
    public void Should_queue_a_lost_workers_runs_for_the_others_and_tell_it_to_stop_them()
    {
        var schedule = Schedule();
        Join(schedule, "a", 2);
        Join(schedule, "b", 1);
        SubmitAll(schedule, 3);
        Assert.Equal([1L, 3L], schedule.RunningOn("a").Order());

        var lost = schedule.Lose("a");

        Assert.Equal([1L, 3L], lost.Requeued.ToArray());
        Assert.Equal(["1@a", "3@a"], Stops(lost));
        Assert.Empty(lost.Starts);
        Assert.Equal(["1@b"], Starts(schedule.Finish("b", 2)));
        Assert.DoesNotContain("a", schedule.Workers);
        Assert.Same(FarmOrders<string, string>.None, schedule.Lose("a"));
    }

    [Fact]
    public void Should_take_a_lost_workers_late_answer_and_stop_the_run_where_it_runs_again()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        SubmitAll(schedule, 1);
        schedule.Lose("a");
        Assert.Equal(["1@b"], Starts(Join(schedule, "b", 1)));

        var late = schedule.Finish("a", 1);

        Assert.Equal("job-1", late.Completed);
        Assert.Equal(["1@b"], Stops(late));
        Assert.Empty(schedule.RunningOn("b"));
        Assert.Null(schedule.Finish("b", 1).Completed);
    }

    [Fact]
    public void Should_try_a_failed_run_on_another_worker_and_fail_it_only_when_every_worker_has_with_each_reason()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        Join(schedule, "b", 1);
        SubmitAll(schedule, 2);
        Assert.Empty(schedule.Finish("b", 2).Starts);

        var retried = schedule.Fail("a", 1, "a: out of memory");
        Assert.Equal(["1@b"], Starts(retried));
        Assert.Empty(retried.Failures);

        var failed = schedule.Fail("b", 1, "b: disk full");
        var failure = Assert.Single(failed.Failures);
        Assert.Equal("job-1", failure.Job);
        Assert.Contains("run 1 (run-1) failed on every node", failure.Reason);
        Assert.Contains("a: out of memory; b: disk full", failure.Reason);
        Assert.Empty(schedule.Unfinished);
    }

    [Fact]
    public void Should_never_give_a_run_back_to_a_worker_that_failed_it_while_another_may_take_it()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        Join(schedule, "b", 1);
        SubmitAll(schedule, 2);

        // b is busy with run 2: run 1 waits for it rather than going back to a, which stays free.
        var orders = schedule.Fail("a", 1, "a: broken");

        Assert.Empty(orders.Starts);
        Assert.Empty(orders.Failures);
        Assert.Equal([1L], schedule.Queued);
        Assert.Equal(["1@b"], Starts(schedule.Finish("b", 2)));
    }

    [Fact]
    public void Should_stop_a_cancelled_run_where_it_runs_and_drop_it_from_the_queue()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        SubmitAll(schedule, 2);

        var cancelled = schedule.Cancel(1);

        Assert.Equal(["1@a"], Stops(cancelled));
        Assert.Equal(["2@a"], Starts(cancelled));
        Assert.Empty(schedule.Cancel(2).Starts);
        Assert.Empty(schedule.Unfinished);
    }

    [Fact]
    public void Should_give_up_a_run_held_past_the_run_timeout_and_queue_it_for_another_worker()
    {
        var schedule = Schedule(TimeSpan.FromSeconds(10));
        Join(schedule, "a", 1);
        Join(schedule, "b", 1);
        SubmitAll(schedule, 2);

        now = TimeSpan.FromSeconds(9);
        Assert.Empty(schedule.Expire().Expired);
        Assert.Equal("job-2", schedule.Finish("b", 2).Completed);

        now = TimeSpan.FromSeconds(10);
        var expired = schedule.Expire();

        Assert.Equal(["1@a"], expired.Expired.Select(e => $"{e.Id}@{e.Worker}"));
        Assert.Equal(["1@a"], Stops(expired));
        Assert.Equal(["1@b"], Starts(expired));

        // Its time on b counts from when b took it; b too runs past it, and the run fails with both reasons.
        now = TimeSpan.FromSeconds(19);
        Assert.Empty(schedule.Expire().Expired);
        now = TimeSpan.FromSeconds(20);
        var failure = Assert.Single(schedule.Expire().Failures);
        Assert.Contains("akka.tcp://ddlo@a:1: not finished within 10 s (the run timeout)", failure.Reason);
        Assert.Contains("akka.tcp://ddlo@b:1: not finished within 10 s", failure.Reason);
    }

    [Fact]
    public void Should_give_a_worker_that_held_a_run_past_the_timeout_no_run_until_it_answers_one()
    {
        var schedule = Schedule(TimeSpan.FromSeconds(10));
        Join(schedule, "a", 2);
        Join(schedule, "b", 1);
        Assert.Equal(["1@a"], Starts(schedule.Submit(1, "job-1", "run-1")));
        now = TimeSpan.FromSeconds(5);
        Assert.Equal(["2@b"], Starts(schedule.Submit(2, "job-2", "run-2")));
        Assert.Equal(["3@a"], Starts(schedule.Submit(3, "job-3", "run-3")));

        // At 10 only run 1 is past the timeout: a gives it up, and with a place free takes nothing, being suspect.
        now = TimeSpan.FromSeconds(10);
        var expired = schedule.Expire();
        Assert.Equal(["1@a"], expired.Expired.Select(e => $"{e.Id}@{e.Worker}"));
        Assert.Empty(expired.Starts);
        Assert.Empty(schedule.Submit(4, "job-4", "run-4").Starts);

        // b finishes and takes run 1; a answers its other run and takes runs again.
        Assert.Equal(["1@b"], Starts(schedule.Finish("b", 2)));
        Assert.Equal(["4@a"], Starts(schedule.Finish("a", 3)));
    }

    [Fact]
    public void Should_fail_a_run_when_the_only_other_worker_is_suspect_naming_why()
    {
        var schedule = Schedule(TimeSpan.FromSeconds(10));
        Join(schedule, "a", 1);
        SubmitAll(schedule, 2);
        now = TimeSpan.FromSeconds(10);

        // Run 1 timed out on a, the only worker, and a takes nothing more: both runs fail, each saying why.
        var failures = schedule.Expire().Failures;

        Assert.Equal([1L, 2L], failures.Select(f => f.Id));
        Assert.Contains("not finished within 10 s (the run timeout)", failures[0].Reason);
        Assert.Contains("held another run past the run timeout, and takes no run until it answers one", failures[1].Reason);
        Assert.Empty(schedule.Unfinished);
    }

    [Fact]
    public void Should_leave_runs_alone_however_long_they_take_without_a_run_timeout()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        SubmitAll(schedule, 1);

        now = TimeSpan.FromDays(3);

        Assert.Same(FarmOrders<string, string>.None, schedule.Expire());
        Assert.Equal([1L], schedule.RunningOn("a"));
    }

    [Fact]
    public void Should_refuse_a_run_id_twice_and_take_a_worker_once()
    {
        var schedule = Schedule();
        Join(schedule, "a", 1);
        schedule.Submit(1, "job-1", "run-1");

        Assert.Throws<ArgumentException>(() => schedule.Submit(1, "again", "run-1"));
        Assert.False(schedule.Join("a", "akka.tcp://ddlo@a:1", "127.0.0.1", 4, [], out var orders));
        Assert.Same(FarmOrders<string, string>.None, orders);
    }
}
