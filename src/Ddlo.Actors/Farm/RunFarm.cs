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
    private readonly Dictionary<IActorRef, Worker> workers = [];
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
                Dispatch();
            }
        });
        Receive<ClusterEvent.MemberUp>(up => Invite(up.Member));
        Receive<ClusterEvent.ReachableMember>(reachable => Invite(reachable.Member));
        Receive<ClusterEvent.UnreachableMember>(unreachable => LoseNode(unreachable.Member.Address, "unreachable"));
        Receive<ClusterEvent.MemberRemoved>(removed => LoseNode(removed.Member.Address, "left the cluster"));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<Terminated>(terminated => Lose(terminated.ActorRef, "its run worker stopped"));
        Receive<FarmWorkerReady>(ready =>
        {
            if (workers.ContainsKey(Sender))
            {
                return;
            }

            var worker = new Worker(Sender, AddressOf(Sender), Math.Max(1, ready.Capacity), ready.Cores);
            workers[Sender] = worker;
            Context.Watch(Sender);
            log.Info("Node {Node} takes runs, {Capacity} at once", worker.Node, worker.Capacity);
            observe(new FarmEvent(FarmEventKind.Joined, worker.Node) { Capacity = worker.Capacity });
            Dispatch();
        });
        Receive<FarmRunDone>(done =>
        {
            if (jobs.Remove(done.Id, out var job))
            {
                // Its first node may answer after it was lost and the run queued again: it is no longer queued.
                pending.Remove(done.Id);
                Release(done.Id, keep: Sender);
                observe(new FarmEvent(FarmEventKind.Finished, AddressOf(Sender), done.Id));
                job.Done.TrySetResult(done.Record);
            }
            else if (workers.TryGetValue(Sender, out var worker))
            {
                worker.Running.Remove(done.Id);
            }

            Dispatch();
        });
        Receive<FarmRunFailed>(failed =>
        {
            if (workers.TryGetValue(Sender, out var worker))
            {
                worker.Running.Remove(failed.Id);
            }

            if (jobs.TryGetValue(failed.Id, out var job))
            {
                job.FailedOn.Add(Sender);
                job.Reasons.Add(failed.Reason);
                log.Warning("Run {Id} failed: {Reason}", failed.Id, failed.Reason);
                if (!workers.Values.Any(w => w.Running.Contains(failed.Id)))
                {
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

    /// <summary>A member with the runs role (a node with every role has it too) is asked to join; its worker answers with <see cref="FarmWorkerReady"/>.</summary>
    private void Invite(Member member)
    {
        if (member.Status == MemberStatus.Up && member.HasRole(RunFarmPool.Role) && !workers.Values.Any(w => w.Node == member.Address))
        {
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / RunWorker.Name).Tell(JoinFarm.Instance);
        }
    }

    private void LoseNode(Address node, string why)
    {
        foreach (var worker in workers.Values.Where(w => w.Node == node).ToList())
        {
            Lose(worker.Ref, why);
        }
    }

    /// <summary>A worker is lost: it takes no more runs, and the unfinished runs it held go back to the queue.</summary>
    private void Lose(IActorRef actor, string why)
    {
        if (!workers.Remove(actor, out var worker))
        {
            return;
        }

        Context.Unwatch(worker.Ref);
        foreach (long id in worker.Running)
        {
            // Should the node come back, it stops what it held: those runs are given out again, and it starts afresh.
            worker.Ref.Tell(new CancelFarmRun(id));
        }

        var held = worker.Running.Where(id => jobs.ContainsKey(id) && !workers.Values.Any(w => w.Running.Contains(id))).Order().ToList();
        pending.UnionWith(held);
        log.Info("Node {Node} is lost ({Why}); its {Count} unfinished runs go to the other nodes", worker.Node, why, held.Count);
        observe(new FarmEvent(FarmEventKind.Lost, worker.Node) { Runs = [.. held] });
        Dispatch();
    }

    /// <summary>Frees run <paramref name="id"/>'s places on every worker but <paramref name="keep"/>, telling them to stop it.</summary>
    private void Release(long id, IActorRef? keep)
    {
        foreach (var worker in workers.Values)
        {
            if (worker.Running.Remove(id) && !worker.Ref.Equals(keep))
            {
                worker.Ref.Tell(new CancelFarmRun(id));
            }
        }
    }

    /// <summary>
    /// Gives the queued runs, oldest first, to the workers with free places (the freest first, then the least busy, then
    /// the one given fewest, then by node address), a run never to a worker it failed on; a run that has failed on every
    /// worker there is fails its caller.
    /// </summary>
    private void Dispatch()
    {
        foreach (long id in pending.ToList())
        {
            if (!jobs.TryGetValue(id, out var job))
            {
                pending.Remove(id);
                continue;
            }

            if (workers.Count > 0 && workers.Keys.All(job.FailedOn.Contains))
            {
                pending.Remove(id);
                jobs.Remove(id);
                job.Done.TrySetException(new FarmRunException($"run {id} ({job.Run.Source}) failed on every node that took it: {string.Join("; ", job.Reasons)}"));
                continue;
            }

            var chosen = workers.Values
                .Where(w => Free(w) > 0 && !job.FailedOn.Contains(w.Ref))
                .OrderByDescending(Free)
                .ThenBy(w => w.Running.Count)
                .ThenBy(w => w.Started)
                .ThenBy(w => w.Node.ToString(), StringComparer.Ordinal)
                .ThenBy(w => w.Ref.Path.ToString(), StringComparer.Ordinal)
                .FirstOrDefault();
            if (chosen is null)
            {
                if (workers.Values.All(w => Free(w) == 0))
                {
                    return;
                }

                continue;
            }

            pending.Remove(id);
            chosen.Running.Add(id);
            chosen.Started++;
            chosen.Ref.Tell(job.Run);
            observe(new FarmEvent(FarmEventKind.Started, chosen.Node, id));
        }
    }

    /// <summary>
    /// The runs <paramref name="worker"/> may start now: its own free places, and no more than its host has cores
    /// left, when every node on that host said which cores it runs on (two nodes on every core of one machine share
    /// them; two pinned to a core each do not).
    /// </summary>
    private int Free(Worker worker)
    {
        var host = workers.Values.Where(w => w.Node.Host == worker.Node.Host).ToList();
        if (host.Count < 2 || host.Any(w => w.Cores.IsEmpty))
        {
            return worker.Free;
        }

        int cores = host.SelectMany(w => w.Cores).Distinct().Count();
        return Math.Min(worker.Free, cores - host.Sum(w => w.Running.Count));
    }

    private Address AddressOf(IActorRef actor) => actor.Path.Address.HasGlobalScope ? actor.Path.Address : cluster.SelfAddress;

    /// <summary>From the pool, in this process only: run <see cref="Run"/>, and complete <see cref="Done"/> with its record's bytes.</summary>
    internal sealed record Submit(FarmRun Run, TaskCompletionSource<ImmutableArray<byte>> Done);

    private sealed class Worker(IActorRef actor, Address node, int capacity, ImmutableArray<int> cores)
    {
        public ImmutableArray<int> Cores { get; } = cores;

        public IActorRef Ref { get; } = actor;

        public Address Node { get; } = node;

        public int Capacity { get; } = capacity;

        public HashSet<long> Running { get; } = [];

        /// <summary>Runs given to it so far: of two equally free and busy workers, the one given fewer takes the next.</summary>
        public int Started { get; set; }

        public int Free => Capacity - Running.Count;
    }

    private sealed class Job(FarmRun run, TaskCompletionSource<ImmutableArray<byte>> done)
    {
        public FarmRun Run { get; } = run;

        public TaskCompletionSource<ImmutableArray<byte>> Done { get; } = done;

        public HashSet<IActorRef> FailedOn { get; } = [];

        public List<string> Reasons { get; } = [];
    }
}
