using System.Collections.Immutable;

namespace Ddlo.Actors.Farm;

/// <summary>What a <see cref="FarmSchedule{TWorker, TJob}"/> step asks its actor to do and tell.</summary>
internal sealed record FarmOrders<TWorker, TJob>
    where TWorker : notnull
    where TJob : class
{
    public static FarmOrders<TWorker, TJob> None { get; } = new();

    /// <summary>Runs to send to workers, in the order they were given out.</summary>
    public ImmutableArray<Start> Starts { get; init; } = [];

    /// <summary>Runs a worker should stop: another finished them, their caller gave up, the worker was lost or was too slow.</summary>
    public ImmutableArray<Stop> Stops { get; init; } = [];

    /// <summary>Runs that failed on every worker there is: their callers fail, with every worker's reason.</summary>
    public ImmutableArray<Failure> Failures { get; init; } = [];

    /// <summary>Runs a worker held past the run timeout: given up there, and queued for the others.</summary>
    public ImmutableArray<Stop> Expired { get; init; } = [];

    /// <summary>For a lost worker: the unfinished runs it held, queued again.</summary>
    public ImmutableArray<long> Requeued { get; init; } = [];

    /// <summary>For a finished run: its job, when this answer was the first.</summary>
    public TJob? Completed { get; init; }

    public sealed record Start(TWorker Worker, long Id, TJob Job);

    public sealed record Stop(TWorker Worker, long Id);

    public sealed record Failure(long Id, TJob Job, string Reason);

    /// <summary>The orders of one step, as the schedule finds them.</summary>
    public sealed class Builder
    {
        public List<Start> Starts { get; } = [];

        public List<Stop> Stops { get; } = [];

        public List<Failure> Failures { get; } = [];

        public List<Stop> Expired { get; } = [];

        public List<long> Requeued { get; } = [];

        public TJob? Completed { get; set; }

        public FarmOrders<TWorker, TJob> Build() => new()
        {
            Starts = [.. Starts],
            Stops = [.. Stops],
            Failures = [.. Failures],
            Expired = [.. Expired],
            Requeued = [.. Requeued],
            Completed = Completed,
        };
    }
}
