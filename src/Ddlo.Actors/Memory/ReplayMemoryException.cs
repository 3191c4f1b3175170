namespace Ddlo.Actors.Memory;

/// <summary>The replay memory failed while storing <see cref="Slot"/>; its supervisor stops the run, since the memory cannot be rebuilt mid-run.</summary>
internal sealed class ReplayMemoryException(long slot, Exception inner)
    : Exception($"the replay memory failed at slot {slot}: {inner.GetType().Name}: {inner.Message.Split('\n', 2)[0].Trim()}", inner)
{
    public long Slot => slot;
}
