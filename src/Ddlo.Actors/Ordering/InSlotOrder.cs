namespace Ddlo.Actors.Ordering;

/// <summary>
/// Puts what arrives per slot back in slot order: with several slots in flight they are decided in whatever order the
/// threads finish them, while what is made of them (the replay memory's entries, the adaptive candidate count) must
/// not depend on that. Plain state, no Akka.
/// </summary>
/// <param name="next">The first slot expected.</param>
internal sealed class InSlotOrder<T>(long next)
{
    private readonly Dictionary<long, T> waiting = [];

    /// <summary>The slot whose item is expected next.</summary>
    public long Next { get; private set; } = next;

    /// <summary>Items held back until the slots before theirs arrive.</summary>
    public int Waiting => waiting.Count;

    /// <summary>
    /// The item of <paramref name="slot"/> arrived: the items now due, in slot order (none while an earlier slot is
    /// missing). A slot before <see cref="Next"/>, or one that already arrived, is a fault of the caller.
    /// </summary>
    public IReadOnlyList<T> Add(long slot, T item)
    {
        if (slot < Next || !waiting.TryAdd(slot, item))
        {
            throw new InvalidOperationException($"Slot {slot} arrived twice, or after its turn (the next expected is slot {Next}).");
        }

        if (slot != Next)
        {
            return [];
        }

        var due = new List<T>();
        while (waiting.Remove(Next, out var ready))
        {
            due.Add(ready);
            Next++;
        }

        return due;
    }
}
