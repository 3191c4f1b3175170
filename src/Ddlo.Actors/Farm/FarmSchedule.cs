using System.Collections.Immutable;

namespace Ddlo.Actors.Farm;

/// <summary>
/// The run farm's rules as plain state, apart from the actor that routes its messages: which run goes to which
/// worker, what a lost worker's runs become, when a failed run is tried again and when it fails its caller. Each step
/// answers with the <see cref="FarmOrders{TWorker, TJob}"/> the actor carries out.
/// <list type="bullet">
/// <item>Runs go out oldest first, each to the freest worker (then the least busy, then the one given fewest, then by
/// name), never to a worker that failed it; nodes on one host that said which cores they run on share those cores.</item>
/// <item>A lost worker's unfinished runs are queued for the others; the first answer for a run wins, even a lost
/// worker's.</item>
/// <item>A run fails its caller only when every worker there is has failed it (or is suspect, below). A run held
/// longer than the run timeout counts as failed on that worker, and the worker is suspect: it takes no run until it
/// answers one (a hung node would otherwise take the next run, and hold it for another timeout).</item>
/// </list>
/// </summary>
/// <typeparam name="TWorker">How the actor knows a worker (its actor reference).</typeparam>
/// <typeparam name="TJob">What the actor keeps for a run (the run and its caller).</typeparam>
internal sealed class FarmSchedule<TWorker, TJob>(TimeSpan? runTimeout, Func<TimeSpan> clock)
    where TWorker : notnull
    where TJob : class
{
    private readonly Dictionary<TWorker, Worker> workers = [];
    private readonly Dictionary<long, Job> jobs = [];
    private readonly SortedSet<long> pending = [];

    /// <summary>The workers taking runs.</summary>
    public IEnumerable<TWorker> Workers => workers.Keys;

    /// <summary>The runs not finished yet, queued or running.</summary>
    public IEnumerable<TJob> Unfinished => jobs.Values.Select(j => j.Payload);

    /// <summary>The runs queued for a free place.</summary>
    public IReadOnlyCollection<long> Queued => pending;

    /// <summary>The runs <paramref name="worker"/> holds.</summary>
    public IReadOnlyCollection<long> RunningOn(TWorker worker) => workers.TryGetValue(worker, out var w) ? w.Running.Keys : [];

    /// <summary>
    /// A worker on <paramref name="node"/> (at <paramref name="host"/>) takes <paramref name="capacity"/> runs at
    /// once, on <paramref name="cores"/> (empty when unknown). False, with nothing to do, when it is already here.
    /// </summary>
    public bool Join(TWorker worker, string node, string host, int capacity, ImmutableArray<int> cores, out FarmOrders<TWorker, TJob> orders)
    {
        if (workers.ContainsKey(worker))
        {
            orders = FarmOrders<TWorker, TJob>.None;
            return false;
        }

        workers[worker] = new Worker(node, host, Math.Max(1, capacity), cores);
        orders = Dispatch(new FarmOrders<TWorker, TJob>.Builder());
        return true;
    }

    /// <summary>Queues run <paramref name="id"/> (ids give the order), from <paramref name="source"/>.</summary>
    public FarmOrders<TWorker, TJob> Submit(long id, TJob job, string source)
    {
        if (!jobs.TryAdd(id, new Job(job, source)))
        {
            throw new ArgumentException($"run {id} is already in the farm", nameof(id));
        }

        pending.Add(id);
        return Dispatch(new FarmOrders<TWorker, TJob>.Builder());
    }

    /// <summary>Its caller no longer wants run <paramref name="id"/>: it leaves the queue, and whoever runs it stops.</summary>
    public FarmOrders<TWorker, TJob> Cancel(long id)
    {
        var steps = new FarmOrders<TWorker, TJob>.Builder();
        if (jobs.Remove(id))
        {
            pending.Remove(id);
            Release(id, steps);
        }

        return Dispatch(steps);
    }

    /// <summary>
    /// <paramref name="worker"/> finished run <paramref name="id"/>. The first answer completes the run (even from a
    /// worker lost since, whose run was queued again), and any other worker running it stops.
    /// </summary>
    public FarmOrders<TWorker, TJob> Finish(TWorker worker, long id)
    {
        var steps = new FarmOrders<TWorker, TJob>.Builder();
        if (workers.TryGetValue(worker, out var w))
        {
            w.Running.Remove(id);
            w.Suspect = false;
        }

        if (jobs.Remove(id, out var job))
        {
            pending.Remove(id);
            Release(id, steps);
            steps.Completed = job.Payload;
        }

        return Dispatch(steps);
    }

    /// <summary><paramref name="worker"/> failed run <paramref name="id"/>: it is tried on a worker that has not failed it.</summary>
    public FarmOrders<TWorker, TJob> Fail(TWorker worker, long id, string reason)
    {
        if (workers.TryGetValue(worker, out var w))
        {
            w.Running.Remove(id);
            w.Suspect = false;
        }

        if (jobs.TryGetValue(id, out var job))
        {
            FailedOn(job, id, worker, reason);
        }

        return Dispatch(new FarmOrders<TWorker, TJob>.Builder());
    }

    /// <summary><paramref name="worker"/> is lost: it takes no more runs, stops what it held, and its unfinished runs are queued again.</summary>
    public FarmOrders<TWorker, TJob> Lose(TWorker worker)
    {
        if (!workers.Remove(worker, out var lost))
        {
            return FarmOrders<TWorker, TJob>.None;
        }

        var steps = new FarmOrders<TWorker, TJob>.Builder();
        foreach (long id in lost.Running.Keys.Order())
        {
            // Should the node come back, it stops what it held: those runs are given out again, and it starts afresh.
            steps.Stops.Add(new(worker, id));
        }

        var held = lost.Running.Keys.Where(id => jobs.ContainsKey(id) && !RunningElsewhere(id)).Order().ToList();
        pending.UnionWith(held);
        steps.Requeued.AddRange(held);
        return Dispatch(steps);
    }

    /// <summary>Runs held longer than the run timeout are given up where they run (a failure there) and queued for the others.</summary>
    public FarmOrders<TWorker, TJob> Expire()
    {
        if (runTimeout is not { } timeout)
        {
            return FarmOrders<TWorker, TJob>.None;
        }

        var now = clock();
        var steps = new FarmOrders<TWorker, TJob>.Builder();
        foreach (var (key, worker) in workers.OrderBy(w => w.Value.Node, StringComparer.Ordinal))
        {
            foreach (var (id, started) in worker.Running.Where(r => now - r.Value >= timeout).OrderBy(r => r.Key).ToList())
            {
                worker.Running.Remove(id);
                worker.Suspect = true;
                steps.Stops.Add(new(key, id));
                steps.Expired.Add(new(key, id));
                if (jobs.TryGetValue(id, out var job))
                {
                    FailedOn(job, id, key, $"{worker.Node}: not finished within {timeout.TotalSeconds:0.###} s (the run timeout)");
                }
            }
        }

        return Dispatch(steps);
    }

    private void FailedOn(Job job, long id, TWorker worker, string reason)
    {
        // A worker's late failure of a run it already failed (it timed out there first) is not a second reason.
        if (job.FailedOn.Add(worker))
        {
            job.Reasons.Add(reason);
        }

        if (!RunningElsewhere(id))
        {
            pending.Add(id);
        }
    }

    private bool RunningElsewhere(long id) => workers.Values.Any(w => w.Running.ContainsKey(id));

    /// <summary>Frees run <paramref name="id"/>'s places on every worker still running it, telling them to stop it.</summary>
    private void Release(long id, FarmOrders<TWorker, TJob>.Builder steps)
    {
        foreach (var (key, worker) in workers)
        {
            if (worker.Running.Remove(id))
            {
                steps.Stops.Add(new(key, id));
            }
        }
    }

    /// <summary>Gives the queued runs, oldest first, to the workers with free places; a run that every worker failed fails its caller.</summary>
    private FarmOrders<TWorker, TJob> Dispatch(FarmOrders<TWorker, TJob>.Builder steps)
    {
        var now = clock();
        foreach (long id in pending.ToList())
        {
            if (!jobs.TryGetValue(id, out var job))
            {
                pending.Remove(id);
                continue;
            }

            if (workers.Count > 0 && workers.All(w => job.FailedOn.Contains(w.Key) || w.Value.Suspect))
            {
                pending.Remove(id);
                jobs.Remove(id);
                var suspects = workers.Where(w => w.Value.Suspect && !job.FailedOn.Contains(w.Key))
                    .Select(w => $"{w.Value.Node}: held another run past the run timeout, and takes no run until it answers one");
                steps.Failures.Add(new(id, job.Payload, $"run {id} ({job.Source}) failed on every node that took it: {string.Join("; ", job.Reasons.Concat(suspects))}"));
                continue;
            }

            var chosen = workers
                .Where(w => Free(w.Value) > 0 && !job.FailedOn.Contains(w.Key))
                .OrderByDescending(w => Free(w.Value))
                .ThenBy(w => w.Value.Running.Count)
                .ThenBy(w => w.Value.Started)
                .ThenBy(w => w.Value.Node, StringComparer.Ordinal)
                .ThenBy(w => w.Key.ToString(), StringComparer.Ordinal)
                .FirstOrDefault();
            if (chosen.Value is null)
            {
                if (workers.Values.All(w => Free(w) == 0))
                {
                    break;
                }

                continue;
            }

            pending.Remove(id);
            chosen.Value.Running[id] = now;
            chosen.Value.Started++;
            steps.Starts.Add(new(chosen.Key, id, job.Payload));
        }

        return steps.Build();
    }

    /// <summary>
    /// The runs <paramref name="worker"/> may start now: its own free places, and no more than its host has cores
    /// left, when every node on that host said which cores it runs on (two nodes on every core of one machine share
    /// them; two pinned to a core each do not).
    /// </summary>
    private int Free(Worker worker)
    {
        if (worker.Suspect)
        {
            return 0;
        }

        var host = workers.Values.Where(w => w.Host == worker.Host).ToList();
        if (host.Count < 2 || host.Any(w => w.Cores.IsEmpty))
        {
            return worker.Free;
        }

        int cores = host.SelectMany(w => w.Cores).Distinct().Count();
        return Math.Min(worker.Free, cores - host.Sum(w => w.Running.Count));
    }

    private sealed class Worker(string node, string host, int capacity, ImmutableArray<int> cores)
    {
        public string Node { get; } = node;

        public string Host { get; } = host;

        public ImmutableArray<int> Cores { get; } = cores;

        /// <summary>The runs it holds, with when each was given to it.</summary>
        public Dictionary<long, TimeSpan> Running { get; } = [];

        /// <summary>Runs given to it so far: of two equally free and busy workers, the one given fewer takes the next.</summary>
        public int Started { get; set; }

        /// <summary>It held a run past the run timeout and has not answered since: it takes no run.</summary>
        public bool Suspect { get; set; }

        public int Free => capacity - Running.Count;
    }

    private sealed class Job(TJob payload, string source)
    {
        public TJob Payload { get; } = payload;

        public string Source { get; } = source;

        public HashSet<TWorker> FailedOn { get; } = [];

        public List<string> Reasons { get; } = [];
    }
}
