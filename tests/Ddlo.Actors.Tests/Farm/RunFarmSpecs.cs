using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Farm;

namespace Ddlo.Actors.Tests.Farm;

/// <summary>
/// The run farm's rules, with test probes for the nodes' run workers: runs go out oldest first within each worker's
/// capacity, a lost worker's runs go to the others, a failed run is tried on another worker and fails its caller only
/// when every worker has failed it, and the first answer wins.
/// </summary>
public sealed class RunFarmSpecs() : TestKit("akka.actor.provider = cluster\nakka.remote.dot-netty.tcp.port = 0")
{
    private readonly ConcurrentQueue<FarmEvent> events = new();

    private IActorRef Farm(TimeSpan? runTimeout = null) => Sys.ActorOf(RunFarm.Props(events.Enqueue, runTimeout));

    private static (RunFarm.Submit Submit, Task<ImmutableArray<byte>> Done) Run(long id)
    {
        var done = new TaskCompletionSource<ImmutableArray<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        return (new RunFarm.Submit(new FarmRun(id, $"ddlo.run.seed = {id}", $"run-{id}"), done), done.Task);
    }

    [Fact]
    public async Task Should_give_each_worker_as_many_runs_as_it_takes_oldest_first_and_the_next_as_one_finishes()
    {
        var farm = Farm();
        var one = CreateTestProbe();
        var two = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, []), one.Ref);
        farm.Tell(new FarmWorkerReady(2, []), two.Ref);
        var runs = Enumerable.Range(1, 5).Select(i => Run(i)).ToList();
        runs.ForEach(r => farm.Tell(r.Submit));

        // The freest worker first: two takes runs 1 and 3, one takes 2; 4 and 5 wait.
        Assert.Equal(1, two.ExpectMsg<FarmRun>().Id);
        Assert.Equal(2, one.ExpectMsg<FarmRun>().Id);
        Assert.Equal(3, two.ExpectMsg<FarmRun>().Id);
        one.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        two.ExpectNoMsg(TimeSpan.Zero);

        farm.Tell(new FarmRunDone(2, [2, 2]), one.Ref);
        Assert.Equal(4, one.ExpectMsg<FarmRun>().Id);
        Assert.Equal(new byte[] { 2, 2 }, (await runs[1].Done).ToArray());
        Assert.False(runs[3].Done.IsCompleted);
    }

    [Fact]
    public void Should_give_nodes_that_share_a_hosts_cores_no_more_runs_at_once_than_it_has_cores()
    {
        // Two nodes on every core of a two-core host, each taking two at once: two runs in all, not four.
        var farm = Farm();
        var one = CreateTestProbe();
        var two = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(2, [0, 1]), one.Ref);
        farm.Tell(new FarmWorkerReady(2, [0, 1]), two.Ref);
        Enumerable.Range(1, 4).Select(i => Run(i)).ToList().ForEach(r => farm.Tell(r.Submit));

        // One each: the host's two places go to the least busy node.
        var first = one.ExpectMsg<FarmRun>();
        var second = two.ExpectMsg<FarmRun>();
        Assert.Equal([1L, 2L], new[] { first.Id, second.Id }.Order());
        one.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        two.ExpectNoMsg(TimeSpan.Zero);

        // One finishes: the host has a core again, and the next run goes out.
        farm.Tell(new FarmRunDone(first.Id, [1]), one.Ref);
        Assert.Equal(3, one.ExpectMsg<FarmRun>().Id);
    }

    [Fact]
    public void Should_give_nodes_pinned_to_cores_of_their_own_a_run_each()
    {
        var farm = Farm();
        var one = CreateTestProbe();
        var two = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, [0]), one.Ref);
        farm.Tell(new FarmWorkerReady(1, [1]), two.Ref);
        Enumerable.Range(1, 3).Select(i => Run(i)).ToList().ForEach(r => farm.Tell(r.Submit));

        Assert.Equal([1L, 2L], new[] { one.ExpectMsg<FarmRun>().Id, two.ExpectMsg<FarmRun>().Id }.Order());
        one.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        two.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task Should_send_the_runs_of_a_lost_worker_to_the_others()
    {
        var farm = Farm();
        var lost = CreateTestProbe();
        var survivor = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(2, []), lost.Ref);
        var runs = Enumerable.Range(1, 3).Select(i => Run(i)).ToList();
        runs.ForEach(r => farm.Tell(r.Submit));
        Assert.Equal(1, lost.ExpectMsg<FarmRun>().Id);
        Assert.Equal(2, lost.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmRunDone(1, [1]), lost.Ref);
        Assert.Equal(3, lost.ExpectMsg<FarmRun>().Id);

        farm.Tell(new FarmWorkerReady(1, []), survivor.Ref);
        Sys.Stop(lost.Ref);

        // Runs 2 and 3 were unfinished on the lost worker: the survivor takes them one at a time, in order.
        Assert.Equal(2, survivor.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmRunDone(2, [2]), survivor.Ref);
        Assert.Equal(3, survivor.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmRunDone(3, [3]), survivor.Ref);
        Assert.Equal(new byte[] { 3 }, (await runs[2].Done).ToArray());
        var lostEvent = Assert.Single(events, e => e.Kind == FarmEventKind.Lost);
        Assert.Equal(new long[] { 2, 3 }, lostEvent.Runs.ToArray());
    }

    [Fact]
    public async Task Should_take_the_late_answer_of_a_lost_worker_and_not_run_it_again()
    {
        var farm = Farm();
        var lost = CreateTestProbe();
        var busy = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, []), lost.Ref);
        var runs = Enumerable.Range(1, 3).Select(i => Run(i)).ToList();
        farm.Tell(runs[0].Submit);
        Assert.Equal(1, lost.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmWorkerReady(1, []), busy.Ref);
        farm.Tell(runs[1].Submit);
        Assert.Equal(2, busy.ExpectMsg<FarmRun>().Id);

        // Lost while it ran run 1, which waits for a free place; its answer comes in after all.
        Sys.Stop(lost.Ref);
        AwaitCondition(() => events.Any(e => e.Kind == FarmEventKind.Lost));
        farm.Tell(new FarmRunDone(1, [1]), lost.Ref);
        Assert.Equal(new byte[] { 1 }, (await runs[0].Done).ToArray());

        // Run 1 is not given out again: the busy worker's next run is run 3.
        farm.Tell(runs[2].Submit);
        farm.Tell(new FarmRunDone(2, [2]), busy.Ref);
        Assert.Equal(3, busy.ExpectMsg<FarmRun>().Id);
        Assert.Single(events, e => e.Kind == FarmEventKind.Lost && e.Runs.SequenceEqual([1L]));
    }

    [Fact]
    public async Task Should_try_a_failed_run_on_another_worker_and_fail_it_only_when_every_worker_has()
    {
        var farm = Farm();
        var one = CreateTestProbe();
        var two = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, []), one.Ref);
        farm.Tell(new FarmWorkerReady(1, []), two.Ref);
        var (submit, done) = Run(7);
        farm.Tell(submit);
        var first = ExpectRunOn(one, two).Worker;
        var other = first == one ? two : one;

        farm.Tell(new FarmRunFailed(7, "node A: out of memory"), first.Ref);
        Assert.Equal(7, other.ExpectMsg<FarmRun>().Id);
        Assert.False(done.IsCompleted);
        farm.Tell(new FarmRunFailed(7, "node B: disk full"), other.Ref);

        var failure = await Assert.ThrowsAsync<FarmRunException>(() => done);
        Assert.Contains("node A: out of memory", failure.Message, StringComparison.Ordinal);
        Assert.Contains("node B: disk full", failure.Message, StringComparison.Ordinal);
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Should_run_a_failed_run_again_on_a_worker_once_it_is_free_and_ignore_a_late_answer()
    {
        var farm = Farm();
        var one = CreateTestProbe();
        var two = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, []), one.Ref);
        farm.Tell(new FarmWorkerReady(1, []), two.Ref);
        var runs = Enumerable.Range(1, 2).Select(i => Run(i)).ToList();
        runs.ForEach(r => farm.Tell(r.Submit));
        var first = ExpectRunOn(one, two).Worker;
        var other = first == one ? two : one;
        Assert.Equal(2, other.ExpectMsg<FarmRun>().Id);

        // Run 1 fails where it ran; the other worker takes it once its own run is done.
        farm.Tell(new FarmRunFailed(1, "node A: killed"), first.Ref);
        other.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        farm.Tell(new FarmRunDone(2, [2]), other.Ref);
        Assert.Equal(1, other.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmRunDone(1, [9]), other.Ref);
        Assert.Equal(new byte[] { 9 }, (await runs[0].Done).ToArray());

        // A late answer for a finished run changes nothing.
        farm.Tell(new FarmRunDone(1, [8]), first.Ref);
        // (Sent after it from this thread, run 3 goes out only once the farm has taken the late answer in.)
        farm.Tell(Run(3).Submit);
        Assert.Equal(3, ExpectRunOn(one, two).Run.Id);
        Assert.Single(events, e => e.Kind == FarmEventKind.Finished && e.Run == 1);
        Assert.Equal(new byte[] { 9 }, (await runs[0].Done).ToArray());
    }

    [Fact]
    public void Should_cancel_a_run_its_caller_gave_up_on_where_it_runs()
    {
        var farm = Farm();
        var worker = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, []), worker.Ref);
        var runs = Enumerable.Range(1, 2).Select(i => Run(i)).ToList();
        runs.ForEach(r => farm.Tell(r.Submit));
        Assert.Equal(1, worker.ExpectMsg<FarmRun>().Id);

        farm.Tell(new CancelFarmRun(1));
        Assert.Equal(1, worker.ExpectMsg<CancelFarmRun>().Id);
        Assert.Equal(2, worker.ExpectMsg<FarmRun>().Id);
    }

    [Fact]
    public async Task Should_stop_a_run_a_worker_holds_past_the_run_timeout_and_give_it_to_another()
    {
        // Long enough that the other worker's quick answer is never late itself.
        var farm = Farm(TimeSpan.FromSeconds(2));
        var hung = CreateTestProbe();
        var other = CreateTestProbe();
        farm.Tell(new FarmWorkerReady(1, []), hung.Ref);
        var (submit, done) = Run(1);
        farm.Tell(submit);
        Assert.Equal(1, hung.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmWorkerReady(1, []), other.Ref);

        // The hung worker never answers: it is told to stop, and the other worker runs it.
        Assert.Equal(1, hung.ExpectMsg<CancelFarmRun>(TimeSpan.FromSeconds(10)).Id);
        Assert.Equal(1, other.ExpectMsg<FarmRun>().Id);
        farm.Tell(new FarmRunDone(1, [1]), other.Ref);
        Assert.Equal(new byte[] { 1 }, (await done).ToArray());
        var timedOut = Assert.Single(events, e => e.Kind == FarmEventKind.TimedOut);
        Assert.Equal(hung.Ref.Path.Address.HasGlobalScope ? hung.Ref.Path.Address : Akka.Cluster.Cluster.Get(Sys).SelfAddress, timedOut.Node);
        Assert.Equal(1, timedOut.Run);
    }

    /// <summary>The run that went to one of two equally free workers (which one is the farm's choice), and where it went.</summary>
    private (Akka.TestKit.TestProbe Worker, FarmRun Run) ExpectRunOn(Akka.TestKit.TestProbe one, Akka.TestKit.TestProbe two)
    {
        AwaitCondition(() => one.HasMessages || two.HasMessages);
        var worker = one.HasMessages ? one : two;
        return (worker, worker.ExpectMsg<FarmRun>());
    }
}
