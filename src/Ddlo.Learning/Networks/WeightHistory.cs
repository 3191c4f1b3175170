namespace Ddlo.Learning.Networks;

/// <summary>
/// A network's weights after each of its last few training rounds. With slots in flight, a network may already have
/// trained on rounds that a slot still waiting for its answer must not see; it answers that slot from the copy of the
/// round the schedule fixes for it. The copies are recycled, oldest first: a bounded, small cost (one copy of the
/// weights per round) and none at all with a depth of 0.
/// </summary>
public sealed class WeightHistory : IDisposable
{
    private readonly Queue<(long Round, WeightSnapshot Weights)> kept = [];

    /// <param name="depth">Rounds kept besides the network's own current weights (0: none).</param>
    public WeightHistory(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        Depth = depth;
    }

    public int Depth { get; }

    /// <summary>The rounds kept, oldest first.</summary>
    public IEnumerable<long> Rounds => kept.Select(k => k.Round);

    /// <summary>
    /// How many past rounds a network must keep when slot t is decided after the rounds of slots up to t - 1 -
    /// <paramref name="staleness"/> and a round follows every <paramref name="interval"/>-th slot: the memory can be
    /// at most staleness slots ahead of the oldest slot in flight, so its network at most staleness / interval + 1
    /// rounds ahead of that slot's round; the copies include the latest round's.
    /// </summary>
    public static int DepthFor(int staleness, int interval) => staleness == 0 ? 0 : (staleness / Math.Max(1, interval)) + 2;

    /// <summary>Keeps <paramref name="network"/>'s weights as those after <paramref name="round"/> (recycling the oldest copy when full).</summary>
    public void Record(long round, OffloadingNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (Depth == 0)
        {
            return;
        }

        WeightSnapshot? recycled = kept.Count == Depth ? kept.Dequeue().Weights : null;
        kept.Enqueue((round, network.Snapshot(recycled)));
    }

    /// <summary>The weights after <paramref name="round"/>, or null when that round is not kept.</summary>
    public WeightSnapshot? At(long round)
    {
        foreach (var (kept, weights) in this.kept)
        {
            if (kept == round)
            {
                return weights;
            }
        }

        return null;
    }

    /// <summary>Writes the rounds kept and their weights.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(kept.Count);
        foreach (var (round, weights) in kept)
        {
            writer.Write(round);
            weights.Write(writer);
        }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote, each copy shaped like <paramref name="network"/>'s weights.</summary>
    /// <exception cref="InvalidDataException">More rounds were saved than this history keeps, or of another shape.</exception>
    public void ReadState(BinaryReader reader, OffloadingNetwork network)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(network);
        int count = reader.ReadInt32();
        if (count < 0 || count > Depth)
        {
            throw new InvalidDataException($"The saved network keeps the weights of {count} past rounds; this run keeps {Depth} (ddlo.learning.staleness differs).");
        }

        Clear();
        for (int i = 0; i < count; i++)
        {
            long round = reader.ReadInt64();
            var weights = network.Snapshot(null);
            weights.Read(reader);
            kept.Enqueue((round, weights));
        }
    }

    public void Dispose() => Clear();

    private void Clear()
    {
        while (kept.Count > 0)
        {
            kept.Dequeue().Weights.Dispose();
        }
    }
}
