using Ddlo.Core.Checkpoints;

namespace Ddlo.Learning.Candidates;

/// <summary>
/// DROO's adaptive candidate count: every <c>interval</c> slots the count becomes the largest winning candidate index
/// (0-based) seen in that window + 2, at most the configured count. Few candidates win late in training, so pricing
/// shrinks as the network learns; the + 2 keeps one candidate beyond the best seen, to notice when more are needed.
/// Plain state: the edge server feeds it the winner of every decided slot, in slot order.
/// </summary>
public sealed class AdaptiveCandidateCount : ICheckpointable
{
    private readonly int maximum;
    private readonly int interval;
    private readonly bool adaptive;
    private int windowMax;
    private int seen;

    /// <param name="maximum">The configured count per network (<c>candidates-per-dnn</c>), and the count to start with.</param>
    /// <param name="adaptive">Off: the count stays at <paramref name="maximum"/>.</param>
    /// <param name="interval">Slots per window (<c>adaptive-interval</c>).</param>
    public AdaptiveCandidateCount(int maximum, bool adaptive, int interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, 1);
        this.maximum = maximum;
        this.adaptive = adaptive;
        this.interval = interval;
        Current = maximum;
    }

    /// <summary>Candidates each network is asked for now.</summary>
    public int Current { get; private set; }

    /// <summary>A slot was decided by the candidate of rank <paramref name="winningRank"/> (see <see cref="CandidateQuantiser.Rank"/>).</summary>
    public void Observe(int winningRank)
    {
        if (!adaptive)
        {
            return;
        }

        windowMax = Math.Max(windowMax, winningRank);
        if (++seen < interval)
        {
            return;
        }

        Current = Math.Clamp(windowMax + 2, 1, maximum);
        (windowMax, seen) = (0, 0);
    }

    /// <summary>The state a checkpoint keeps: the count and the window so far.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Current);
        writer.Write(windowMax);
        writer.Write(seen);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int current = reader.ReadInt32();
        int max = reader.ReadInt32();
        int count = reader.ReadInt32();
        if (current < 1 || current > maximum || count < 0 || count >= interval)
        {
            throw new InvalidDataException($"The saved candidate count {current} (window {count} of {interval}) does not fit candidates-per-dnn = {maximum}.");
        }

        (Current, windowMax, seen) = (current, max, count);
    }
}
