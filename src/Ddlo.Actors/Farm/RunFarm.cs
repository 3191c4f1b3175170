using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace Ddlo.Actors.Farm;

/// <summary>
/// Spreads independent runs over the run workers of a cluster's runs nodes, each taking as many at once as it has
/// cores, in the order the runs were submitted. A node that becomes unreachable or leaves takes no more runs, and the
/// runs it held go back to the queue for the others; a run that fails on one node is tried on another that has not
/// failed it, and fails its caller only when every node has. The first answer for a run wins: the same run gives
/// the same record on any node.
/// </summary>
internal sealed class RunFarm : ReceiveActor
{
    private readonly Akka.Cluster.Cluster cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<Address, Worker> workers = [];
    private readonly Dictionary<long, Job> jobs = [];
    private readonly SortedSet<long> pending = [];
    private readonly Action<FarmEvent> observe;

    public RunFarm(Action<FarmEvent> observe)
    {
        this.observe = observe;
        Receive<Submit>(submit =>
        {
            jobs[submit.Run.Id] = new Job(submit.Run, submit.Done);
            pending.Add(submit.Run.Id);
            Dispatch();
        });
        Receive<CancelFarmRun>(cancel =>
        {
            if (jobs.Remove(cancel.Id))
            {
                pending.Remove(cancel.Id);
                Release(cancel.Id, keep: null);
            }
        });
        Receive<ClusterEvent.MemberUp>(up => Invite(up.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => Invite(reachable.Member));
        Receive<ClusterEvent.UnreachableMember>(unreachable => Lose(unreachable.Member.Address, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(removed => Lose(removed.Member.Address, "left the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<Terminated>(terminated => Lose(AddressOf(terminated.ActorRef), "its run worker stopped"));
        Receive<FarmWorkerReady>(ready =>
        {
            var node = AddressOf(Sender);
            if (workers.ContainsKey(node))
            {
                return;
            }

            workers[node] = new Worker(Sender, Math.Max(1, ready.Capacity));
            Context.Watch(Sender);
            log.Info("Node {Node} takes runs, {Capacity} at once", node, ready.Capacity);
            observe(new FarmEvent(FarmEventKind.Joined, node) { Capacity = ready.Capacity });
            Dispatch();
        });
        Receive<FarmRunDone>(done =>
        {
            var node = AddressOf(Sender);
            if (jobs.Remove(done.Id, out var job))
            {
                Release(done.Id, keep: node);
                observe(new FarmEvent(FarmEventKind.Finished, node, done.Id));
                job.Done.TrySetResult(done.Record);
            }
            else if (workers.TryGetValue(node, out var worker))
            {
                worker.Running.Remove(done.Id);
            }

            Dispatch();
        });
        Receive<FarmRunFailed>(failed =>
        {
            var node = AddressOf(Sender);
            if (workers.TryGetValue(node, out var worker))
            {
                worker.Running.Remove(failed.Id);
            }

            if (jobs.TryGetValue(failed.Id, out var job))
            {
                job.FailedOn.Add(node);
                job.Reasons.Add(failed.Reason);
                if (!workers.Values.Any(w => w.Running.Contains(failed.Id)))
                {
                    log.Warning("Run {Id} failed ({Reason})", failed.Id, failed.Reason);
                    pending.Add(failed.Id);
                }
            }

            Dispatch();
        });
    }

    public static Props Props(Action<FarmEvent> observe) => Akka.Actor.Props.Create(() => new RunFarm(observe));

    protected override void PreStart() =>
        cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        cluster.Unsubscribe(Self);
        foreach (var job in jobs.Values)
        {
            job.Done.TrySetException(new FarmRunException($"run {job.Run.Id} ({job.Run.Source}) was not finished: the farm stopped"));
        }
    }

    /// <summary>A member with the runs role (or all) is asked to join; its worker answers with <see cref="FarmWorkerReady"/>.</summary>
    private void Invite(Member member)
    {
        if (member.Status == MemberStatus.Up && (member.HasRole(RunFarmPool.Role) || member.HasRole("all")) && !workers.ContainsKey(member.Address))
        {
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / RunWorker.Name).Tell(JoinFarm.Instance);
        }
    }

    /// <summary>A node is lost: it takes no more runs, and the runs it held go back to the queue.</summary>
    private void Lose(Address node, string why)
    {
        if (!workers.Remove(node, out var worker))
        {
            return;
        }

        Context.Unwatch(worker.Ref);
        var held = worker.Running.Where(jobs.ContainsKey).Order().ToList();
        foreach (long id in held)
        {
            pending.Add(id);
        }

        log.Warning("Node {Node} is lost ({Why}); {Count} of its runs go to the other nodes", node, why, held.Count);
        observe(new FarmEvent(FarmEventKind.Lost, node) { Runs = [.. held] });
        Dispatch();
    }

    /// <summary>Frees run <paramref name="id"/>'s places on every worker but <paramref name="keep"/>'s, telling them to stop it.</summary>
    private void Release(long id, Address? keep)
    {
        foreach (var (node, worker) in workers)
        {
            if (worker.Running.Remove(id) && node != keep)
            {
                worker.Ref.Tell(new CancelFarmRun(id));
            }
        }
    }

    /// <summary>Gives the queued runs, oldest first, to the workers with free places, the freest first.</summary>
    private void Dispatch()
    {
        foreach (long id in pending.ToList())
        {
            var job = jobs[id];
            if (workers.Count > 0 && workers.Keys.All(job.FailedOn.Contains))
            {
                // Tried on every node there is: the run itself fails (new nodes might differ, but none is waited for).
                pending.Remove(id);
                jobs.Remove(id);
                job.Done.TrySetException(new FarmRunException($"run {id} ({job.Run.Source}) failed on every node that took it: {string.Join("; ", job.Reasons)}"));
                continue;
            }

            var worker = workers
                .Where(w => w.Value.Free > 0 && !job.FailedOn.Contains(w.Key) && !w.Value.Running.Contains(id))
                .OrderByDescending(w => w.Value.Free)
                .ThenBy(w => w.Key.ToString(), StringComparer.Ordinal)
                .Select(w => (KeyValuePair<Address, Worker>?)w)
                .FirstOrDefault();
            if (worker is not { } chosen)
            {
                if (workers.Values.All(w => w.Free == 0))
                {
                    return;
                }

                continue;
            }

            pending.Remove(id);
            chosen.Value.Running.Add(id);
            chosen.Value.Ref.Tell(job.Run);
            observe(new FarmEvent(FarmEventKind.Started, chosen.Key, id));
        }
    }

    private Address AddressOf(IActorRef actor) => actor.Path.Address.HasGlobalScope ? actor.Path.Address : cluster.SelfAddress;

    /// <summary>From the pool, in this process only: run <see cref="Run"/>, and complete <see cref="Done"/> with its record's bytes.</summary>
    internal sealed record Submit(FarmRun Run, TaskCompletionSource<ImmutableArray<byte>> Done);

    private sealed class Worker(IActorRef actor, int capacity)
    {
        public IActorRef Ref { get; } = actor;

        public HashSet<long> Running { get; } = [];

        public int Free => capacity - Running.Count;
    }

    private sealed class Job(FarmRun run, TaskCompletionSource<ImmutableArray<byte>> done)
    {
        public FarmRun Run { get; } = run;

        public TaskCompletionSource<ImmutableArray<byte>> Done { get; } = done;

        public HashSet<Address> FailedOn { get; } = [];

        public List<string> Reasons { get; } = [];
    }
}
