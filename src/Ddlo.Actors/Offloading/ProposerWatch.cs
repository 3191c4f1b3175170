namespace Ddlo.Actors.Offloading;

/// <summary>
/// The watchdog of a plug-in policy's calls: which call is out, whether it has overrun its deadline, and how many
/// have. While a call is out in time, what would call the policy again waits for it; while it overruns, or once the
/// policy has missed <c>allowedMisses</c> deadlines, the policy is not asked at all (its slots are declined). Plain
/// state, no Akka.
/// </summary>
internal sealed class ProposerWatch(int allowedMisses)
{
    private long lastCall;
    private long? current;
    private bool overrunning;

    /// <summary>Deadlines missed so far in this run.</summary>
    public int Misses { get; private set; }

    /// <summary>The policy missed as many deadlines as it may: it is not asked again in this run.</summary>
    public bool Failed => Misses >= allowedMisses;

    /// <summary>A call is out and within its deadline: the next one waits for it.</summary>
    public bool Busy => current is not null && !overrunning;

    /// <summary>Whether the policy may be called now (nothing out, not failed); otherwise, unless <see cref="Busy"/>, its part is given up at once.</summary>
    public bool Answers => current is null && !Failed;

    /// <summary>A call goes out: its number, for <see cref="Returned"/> and <see cref="Overran"/>.</summary>
    public long Start()
    {
        if (!Answers)
        {
            throw new InvalidOperationException("A policy call started while another is out or the policy has failed.");
        }

        current = ++lastCall;
        overrunning = false;
        return lastCall;
    }

    /// <summary>Call <paramref name="call"/> came back: true when in time (its result counts), false when late or not the one out.</summary>
    public bool Returned(long call)
    {
        if (call != current)
        {
            return false;
        }

        bool inTime = !overrunning;
        (current, overrunning) = (null, false);
        return inTime;
    }

    /// <summary>Call <paramref name="call"/>'s deadline passed: true when it is still out and this is its miss (counted once).</summary>
    public bool Overran(long call)
    {
        if (call != current || overrunning)
        {
            return false;
        }

        overrunning = true;
        Misses++;
        return true;
    }
}
