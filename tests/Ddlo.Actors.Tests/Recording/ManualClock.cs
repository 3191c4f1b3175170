namespace Ddlo.Actors.Tests.Recording;

/// <summary>A clock that moves only when a test turns it.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
