namespace Ddlo.Experiments;

/// <summary>Runs independent jobs, at most <c>parallel</c> at once, reporting each as it finishes.</summary>
internal static class ParallelRuns
{
    /// <summary>One run per core: simulations are single-threaded per actor, so more would only share the cores.</summary>
    public static int DefaultParallelism => Ddlo.Actors.Simulation.LocalSimulations.Instance.Parallelism;

    public static async Task<T[]> RunAsync<T>(IReadOnlyList<Func<Task<T>>> jobs, int parallel, Action done, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(parallel);
        var running = jobs.Select(async job =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Off the caller's context: each run blocks a little while it builds its actor system.
                var result = await Task.Run(job, cancellationToken).ConfigureAwait(false);
                done();
                return result;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        return await Task.WhenAll(running).ConfigureAwait(false);
    }
}
