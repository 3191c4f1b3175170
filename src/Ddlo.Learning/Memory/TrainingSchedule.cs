namespace Ddlo.Learning.Memory;

/// <summary>
/// When the DNNs train: after every <see cref="Interval"/>-th stored entry, once <see cref="Warmup"/> entries are in.
/// The coordinator and the memory share this rule, so a decision can wait for exactly the training that precedes it.
/// </summary>
public sealed record TrainingSchedule(int Interval, int Warmup)
{
    /// <summary>Whether a training round follows the <paramref name="stored"/>-th stored entry (1-based).</summary>
    public bool TrainsAfter(long stored) => stored >= Warmup && stored % Interval == 0;

    /// <summary>
    /// Training rounds the decision of <paramref name="slot"/> is made after: those of the slots before it, less the
    /// last <paramref name="staleness"/> (the memory holds one entry per decided slot, from slot 0).
    /// </summary>
    public long RoundsBefore(long slot, int staleness) => RoundsAfter(Math.Max(0, slot - staleness));

    /// <summary>Training rounds completed once <paramref name="stored"/> entries are in.</summary>
    public long RoundsAfter(long stored)
    {
        if (stored < Warmup)
        {
            return 0;
        }

        long firstRound = ((Warmup + Interval - 1) / Interval) * Interval;
        firstRound = Math.Max(firstRound, Interval);
        return stored < firstRound ? 0 : ((stored - firstRound) / Interval) + 1;
    }
}
