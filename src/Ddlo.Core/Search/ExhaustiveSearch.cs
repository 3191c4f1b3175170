using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>
/// The optimum of (P1): every one of the 2^(NM) decisions, each priced with the model's bandwidth policy
/// (the exact P2 solution under the optimal policy). The paper calls this benchmark "greedy".
/// </summary>
/// <remarks>
/// Each device's load depends only on its own M bits, so the 2^M loads per device are tabulated once and a
/// decision costs N table look-ups plus one P2 solve. Large searches are split into chunks across cores; ties
/// go to the lowest decision index, so the answer does not depend on scheduling.
/// </remarks>
public sealed class ExhaustiveSearch
{
    /// <summary>The largest N*M searched (2^24 decisions, a few seconds on two cores).</summary>
    public const int MaxTasks = 24;

    private const int ParallelThreshold = 1 << 14;
    private const int ChunkBits = 12;

    private readonly MecModel model;

    public ExhaustiveSearch(MecModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
    }

    public MecModel Model => model;

    /// <summary>Finds an optimal decision; throws an <see cref="ArgumentException"/> when N*M exceeds <see cref="MaxTasks"/>.</summary>
    public Solution Solve(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.TaskCount > MaxTasks)
        {
            throw new ArgumentException(
                $"Exhaustive search is limited to N*M <= {MaxTasks} (2^{MaxTasks} decisions); this workload has N*M = {workload.TaskCount}.",
                nameof(workload));
        }

        var table = model.LoadTable(workload);
        long total = 1L << workload.TaskCount;
        (double q, long index) best = total < ParallelThreshold
            ? SearchRange(table, workload.Devices, workload.TasksPerDevice, 0, total)
            : SearchParallel(table, workload.Devices, workload.TasksPerDevice, total);

        return new Solution(OffloadDecision.FromMask((ulong)best.index, workload.TaskCount), best.q);
    }

    private (double Q, long Index) SearchParallel(DeviceLoad[][] table, int devices, int tasks, long total)
    {
        long chunk = 1L << ChunkBits;
        long chunks = total / chunk;
        var gate = new object();
        (double q, long index) best = (double.PositiveInfinity, -1);
        Parallel.For(0L, chunks, c =>
        {
            var local = SearchRange(table, devices, tasks, c * chunk, (c + 1) * chunk);
            lock (gate)
            {
                if (IsBetter(local, best))
                {
                    best = local;
                }
            }
        });
        return best;
    }

    private (double Q, long Index) SearchRange(DeviceLoad[][] table, int devices, int tasks, long from, long to)
    {
        Span<DeviceLoad> loads = stackalloc DeviceLoad[devices];
        int deviceMask = (1 << tasks) - 1;
        (double q, long index) best = (double.PositiveInfinity, -1);
        for (long i = from; i < to; i++)
        {
            for (int n = 0; n < devices; n++)
            {
                loads[n] = table[n][(int)(i >> (n * tasks)) & deviceMask];
            }

            double q = model.Utility(loads);
            if (q < best.q)
            {
                best = (q, i);
            }
        }

        return best;
    }

    private static bool IsBetter((double Q, long Index) candidate, (double Q, long Index) incumbent) =>
        candidate.Q < incumbent.Q || (candidate.Q == incumbent.Q && candidate.Index < incumbent.Index);
}
