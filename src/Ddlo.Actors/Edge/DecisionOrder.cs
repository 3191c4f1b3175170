using Ddlo.Actors.Ordering;
using Ddlo.Core.Checkpoints;
using Ddlo.Learning.Candidates;

namespace Ddlo.Actors.Edge;

/// <summary>
/// Which slot the proposers are asked about next, and for how many candidates, so that a run repeats whatever the
/// timing: slots are asked in slot order (a proposer with a random stream or an online learner sees them in the order
/// of the sequential loop), and the adaptive candidate count of slot t is the one the decided slots up to
/// t - 1 - staleness made, observed in slot order. A slot whose count is not known yet waits for the slots it comes
/// from. Plain state, no Akka.
/// </summary>
internal sealed class DecisionOrder : ICheckpointable
{
    private readonly AdaptiveCandidateCount counter;
    private readonly bool adaptive;
    private readonly int staleness;
    private readonly int initialCount;
    private readonly HashSet<long> assembled = [];
    private readonly Dictionary<long, int> countAfter = [];
    private readonly InSlotOrder<(long Slot, int Rank)> ranks;

    /// <param name="firstSlot">The first slot to ask about: 0, or the step a resumed run starts from.</param>
    /// <param name="counter">DROO's adaptive count, fed the winning ranks in slot order.</param>
    /// <param name="adaptive">Whether the count adapts (else every slot asks for the configured count, and waits for nothing).</param>
    /// <param name="staleness">How many of the latest decided slots a slot's count may miss (<c>ddlo.learning.staleness</c>).</param>
    public DecisionOrder(long firstSlot, AdaptiveCandidateCount counter, bool adaptive, int staleness)
    {
        this.counter = counter;
        this.adaptive = adaptive;
        this.staleness = staleness;
        initialCount = counter.Current;
        NextToAsk = firstSlot;
        ranks = new InSlotOrder<(long, int)>(firstSlot);
    }

    /// <summary>The next slot to ask the proposers about.</summary>
    public long NextToAsk { get; private set; }

    /// <summary>Every device reported for <paramref name="slot"/>: it may be asked about once the slots before it were.</summary>
    public void Assembled(long slot) => assembled.Add(slot);

    /// <summary>The slot was decided by the candidate of rank <paramref name="rank"/>; the count observes the ranks in slot order.</summary>
    public void Decided(long slot, int rank)
    {
        foreach (var (due, itsRank) in ranks.Add(slot, (slot, rank)))
        {
            counter.Observe(itsRank);
            countAfter[due] = counter.Current;
        }
    }

    /// <summary>The slots to ask about now, each with its candidate count, in slot order.</summary>
    public IReadOnlyList<(long Slot, int Candidates)> Due()
    {
        var due = new List<(long, int)>();
        while (assembled.Contains(NextToAsk) && TryCount(NextToAsk, out int count))
        {
            assembled.Remove(NextToAsk);
            due.Add((NextToAsk, count));
            countAfter.Remove(NextToAsk - 1 - staleness);
            NextToAsk++;
        }

        return due;
    }

    /// <summary>The count slot <paramref name="slot"/> asks for: the one after slot t - 1 - staleness was observed.</summary>
    private bool TryCount(long slot, out int count)
    {
        long basis = slot - 1 - staleness;
        if (!adaptive || basis < 0)
        {
            count = initialCount;
            return true;
        }

        return countAfter.TryGetValue(basis, out count);
    }

    /// <summary>The count's own state, then the counts after the last slots (the next slots' counts come from them).</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        counter.WriteState(writer);
        var kept = countAfter.Where(c => c.Key >= NextToAsk - 1 - staleness).OrderBy(c => c.Key).ToList();
        writer.Write(kept.Count);
        foreach (var (slot, count) in kept)
        {
            writer.Write(slot);
            writer.Write(count);
        }
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        counter.ReadState(reader);
        int kept = reader.ReadInt32();
        if (kept < 0 || kept > staleness + 1)
        {
            throw new InvalidDataException($"The saved candidate counts cover {kept} slots; a staleness of {staleness} keeps at most {staleness + 1}.");
        }

        countAfter.Clear();
        for (int i = 0; i < kept; i++)
        {
            countAfter[reader.ReadInt64()] = reader.ReadInt32();
        }
    }
}
