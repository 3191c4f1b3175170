using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Results;

/// <summary>
/// The columns and rows of steps.csv: one row per decided step, in step order (a <see cref="RunRecord"/> keeps its
/// steps by slot), with a loss column per DNN; a run whose decisions cost more than their candidates (a device search,
/// or a policy that searches itself) adds the search's Q and the decisions priced, and a system with queues (LyDROO)
/// the frame's queues.
/// </summary>
public static class StepsTable
{
    /// <summary>
    /// The columns that time the run on the wall clock: two runs that decide alike still differ there, so
    /// <see cref="RunDigest"/> leaves them out. Every other column follows from the seed, the scenario and the numerics.
    /// </summary>
    public static IReadOnlySet<string> WallClockColumns { get; } = new HashSet<string>(StringComparer.Ordinal) { "latency_us", "network_latency_us", "slot_us" };

    public static IReadOnlyList<string> Header(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string[] header =
        [
            "step", "q_ddlo", "q_opt", "gain_ratio", "q_local", "q_edge", "winner_k", "candidates", "degraded", "latency_us", "offloaded",
            "winner_candidate", "q_network", "network_latency_us",
            .. HasSearch(record) ? SearchColumns : [],
            .. Enumerable.Range(0, record.DnnCount).Select(k => $"loss_k{k}"),
        ];
        // Systems with queues (LyDROO) add the frame's queues, arrivals, service and energy, means over devices.
        return HasQueues(record) ? [.. header, "data_queue_mbit", "energy_queue", "arrivals_mbit", "served_mbit", "energy_j"] : header;
    }

    /// <summary>The rows, in step order, as values that <see cref="CsvFile"/> formats.</summary>
    public static IEnumerable<object?[]> Rows(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var losses = record.Losses.ToLookup(l => l.AfterSlot);
        bool queues = HasQueues(record);
        bool search = HasSearch(record);
        return record.Steps.Select(step =>
        {
            var rowLosses = new object?[record.DnnCount];
            foreach (var loss in losses[step.Slot])
            {
                rowLosses[loss.Dnn] = loss.Loss;
            }

            object?[] row =
            [
                step.Slot, step.Q, step.OptimalQ, step.GainRatio, step.LocalQ, step.EdgeQ, step.Winner, step.Candidates, step.Degraded,
                Math.Round(step.LatencyMicroseconds, 1), step.Offloaded, step.Candidate, step.NetworkQ,
                Math.Round(step.NetworkLatencyMicroseconds, 1), .. search ? new object?[] { step.SearchQ, step.Priced } : [], .. rowLosses,
            ];
            return !queues ? row : step.Queues is { } q
                ? [.. row, q.DataQueue, q.EnergyQueue, q.Arrivals, q.Served, q.Energy]
                : [.. row, null, null, null, null, null];
        });
    }

    /// <summary>The search's columns: without one, the search's Q is none and the decisions priced are the candidates.</summary>
    private static readonly string[] SearchColumns = ["q_search", "priced"];

    private static bool HasSearch(RunRecord record) => record.Steps.Any(step => !double.IsNaN(step.SearchQ) || step.Priced > step.Candidates);

    private static bool HasQueues(RunRecord record) => record.Steps.Any(step => step.Queues is not null);
}
