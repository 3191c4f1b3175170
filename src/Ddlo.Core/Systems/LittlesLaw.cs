namespace Ddlo.Core.Systems;

/// <summary>
/// Little's law over a run's queues: the mean backlog L, the arrival rate lambda (Mbit per frame per device) and the
/// mean time a served bit waited W (frames, first in, first out). For a stable run L = lambda W, up to what is still
/// queued at the end.
/// </summary>
public sealed record LittlesLaw(double Backlog, double ArrivalRate, double MeanWait)
{
    /// <summary>lambda W, which should equal <see cref="Backlog"/>.</summary>
    public double Predicted => ArrivalRate * MeanWait;

    /// <summary>|L - lambda W| / L.</summary>
    public double RelativeError => Math.Abs(Backlog - Predicted) / Backlog;

    /// <summary>Little's law over consecutive slots' queues (each slot's previous wait is paired with the slot before's service).</summary>
    public static LittlesLaw? Of(IReadOnlyList<QueueStats> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.Count < 2)
        {
            return null;
        }

        double served = 0;
        double waited = 0;
        for (int t = 1; t < slots.Count; t++)
        {
            served += slots[t - 1].Served;
            waited += slots[t].PreviousWait;
        }

        return served <= 0 ? null : new LittlesLaw(slots.Average(s => s.DataQueue), slots.Average(s => s.Arrivals), waited / served);
    }
}
