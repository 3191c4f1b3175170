using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Ddlo.Actors.Farm;

/// <summary>
/// Spreads independent runs over the run workers of a cluster's runs nodes, each taking as many at once as it has
/// cores, in the order the runs were submitted. The rules are <see cref="FarmSchedule{TWorker, TJob}"/>'s; this actor
/// finds the workers (members with the runs role), hears their answers and the cluster's news, and carries out the
/// schedule's orders. The first answer for a run wins: the same run gives the same record on any node.
/// </summary>
internal sealed class RunFarm : ReceiveActor, IWithTimers
{
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly FarmSchedule<IActorRef, Submit> schedule;
    private readonly Action<FarmEvent> observe;

    public RunFarm(Action<FarmEvent> observe, TimeSpan? runTimeout)
    {
        this.observe = observe;
        var clock = Stopwatch.StartNew();
        schedule = new FarmSchedule<IActorRef, Submit>(runTimeout, () => clock.Elapsed);
        if (runTimeout is { } timeout)
        {
            // Checked every tenth of the timeout, and no more often than ExpiryCheckFloor: a run is given up at most a
            // tenth of its timeout late (later for timeouts under ten floors, which are seconds anyway).
            var every = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 10, ExpiryCheckFloor.Ticks));
            Timers.StartPeriodicTimer("expire", Expire.Instance, every);
        }

        Receive<Submit>(submit => Carry(schedule.Submit(submit.Run.Id, submit, submit.Run.Source)));
        Receive<CancelFarmRun>(cancel => Carry(schedule.Cancel(cancel.Id)));
        Receive<ClusterEvent.MemberUp>(up => Invite(up.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => Invite(reachable.Member));
        Receive<ClusterEvent.UnreachableMember>(unreachable => LoseNode(unreachable.Member.Address, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(removed => LoseNode(removed.Member.Address, "left the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<Terminated>(terminated => Lose(terminated.ActorRef, "its run worker stopped"));
        Receive<FarmWorkerReady>(Ready);
        Receive<FarmRunDone>(done =>
        {
            var orders = schedule.Finish(Sender, done.Id);
            if (orders.Completed is { } job)
            {
                observe(new FarmEvent(FarmEventKind.Finished, AddressOf(Sender), done.Id));
                job.Done.TrySetResult(done.Record);
            }

            Carry(orders);
        });
        Receive<FarmRunFailed>(failed =>
        {
            log.Warning("Run {Id} failed: {Reason}", failed.Id, failed.Reason);
            Carry(schedule.Fail(Sender, failed.Id, failed.Reason));
        });
        Receive<Expire>(_ => Carry(schedule.Expire()));
    }

    /// <summary>The shortest interval between two checks of the run timeout.</summary>
    private static readonly TimeSpan ExpiryCheckFloor = TimeSpan.FromMilliseconds(500);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Action<FarmEvent> observe, TimeSpan? runTimeout = null) => Akka.Actor.Props.Create(() => new RunFarm(observe, runTimeout));

    protected override void PreStart() =>
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        cluster.Unsubscribe(Self);
        foreach (var job in schedule.Unfinished)
        {
            job.Done.TrySetException(new FarmRunException($"run {job.Run.Id} ({job.Run.Source}) was not finished: the farm stopped"));
        }
    }

    private void Ready(FarmWorkerReady ready)
    {
        var node = AddressOf(Sender);
        if (!schedule.Join(Sender, node.ToString(), node.Host ?? string.Empty, ready.Capacity, ready.Cores, out var orders))
        {
            return;
        }

        Context.Watch(Sender);
        int capacity = Math.Max(1, ready.Capacity);
        log.Info("Node {Node} takes runs, {Capacity} at once", node, capacity);
        observe(new FarmEvent(FarmEventKind.Joined, node) { Capacity = capacity });
        Carry(orders);
    }

    /// <summary>A member with the runs role (a node with every role has it too) is asked to join; its worker answers with <see cref="FarmWorkerReady"/>.</summary>
    private void Invite(Member member)
    {
        if (member.Status == MemberStatus.Up && member.HasRole(RunFarmPool.Role) && !schedule.Workers.Any(w => AddressOf(w) == member.Address))
        {
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / RunWorker.Name).Tell(JoinFarm.Instance);
        }
    }

    private void LoseNode(Address node, string why)
    {
        foreach (var worker in schedule.Workers.Where(w => AddressOf(w) == node).ToList())
        {
            Lose(worker, why);
        }
    }

    /// <summary>A worker is lost: it takes no more runs, and the unfinished runs it held go back to the queue.</summary>
    private void Lose(IActorRef worker, string why)
    {
        if (!schedule.Workers.Contains(worker))
        {
            return;
        }

        Context.Unwatch(worker);
        var orders = schedule.Lose(worker);
        var node = AddressOf(worker);
        log.Info("Node {Node} is lost ({Why}); its {Count} unfinished runs go to the other nodes", node, why, orders.Requeued.Length);
        observe(new FarmEvent(FarmEventKind.Lost, node) { Runs = orders.Requeued });
        Carry(orders);
    }

    /// <summary>Tells the workers what the schedule decided, and fails the callers of runs no worker could finish.</summary>
    private void Carry(FarmOrders<IActorRef, Submit> orders)
    {
        foreach (var expired in orders.Expired)
        {
            log.Info("Run {Id} was not finished on {Node} within the run timeout: stopped there, it goes to a node that has not failed it", expired.Id, AddressOf(expired.Worker));
            observe(new FarmEvent(FarmEventKind.TimedOut, AddressOf(expired.Worker), expired.Id));
        }

        foreach (var stop in orders.Stops)
        {
            stop.Worker.Tell(new CancelFarmRun(stop.Id));
        }

        foreach (var failure in orders.Failures)
        {
            failure.Job.Done.TrySetException(new FarmRunException(failure.Reason));
        }

        foreach (var start in orders.Starts)
        {
            start.Worker.Tell(start.Job.Run);
            observe(new FarmEvent(FarmEventKind.Started, AddressOf(start.Worker), start.Id));
        }
    }

    private Address AddressOf(IActorRef actor) => actor.Path.Address.HasGlobalScope ? actor.Path.Address : cluster.SelfAddress;

    /// <summary>From the pool, in this process only: run <see cref="Run"/>, and complete <see cref="Done"/> with its record's bytes.</summary>
    internal sealed record Submit(FarmRun Run, TaskCompletionSource<ImmutableArray<byte>> Done);

    /// <summary>Time to give up the runs held past the run timeout.</summary>
    private sealed record Expire
    {
        public static Expire Instance { get; } = new();
    }
}
