using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Offloading;

/// <summary>
/// When a policy that learns online may decide a slot, or have its state captured: only once it has heard the outcome
/// of every slot it was asked about before. Outcomes come from the recorder, while decisions and captures come by other
/// paths and need not arrive after them; so a run decides as the sequential loop does, and a resumed run as the
/// uninterrupted one. A policy that does not learn is never held. Plain state, no Akka.
/// </summary>
internal sealed class LearningGate(bool learns)
{
    private long asked;
    private long told;
    private CaptureState? pendingCapture;

    /// <summary>Outcomes are still to come for slots the policy was asked about.</summary>
    private bool Behind => learns && told < asked;

    /// <summary>A slot to decide: true, counting it as asked, when it may be decided now; false when it must wait for <see cref="Told"/>.</summary>
    public bool TryAsk()
    {
        if (Behind)
        {
            return false;
        }

        asked++;
        return true;
    }

    /// <summary>A capture: the one to take now, or null when it waits for <see cref="Told"/> (a later one replaces it).</summary>
    public CaptureState? Capture(CaptureState capture)
    {
        if (Behind)
        {
            pendingCapture = capture;
            return null;
        }

        return capture;
    }

    /// <summary>
    /// An outcome was heard: true once every slot asked about has been told, when the waiting decisions may go on, after
    /// the waiting <paramref name="capture"/> (if any) is taken.
    /// </summary>
    public bool Told(out CaptureState? capture)
    {
        told++;
        capture = null;
        if (told < asked)
        {
            return false;
        }

        (capture, pendingCapture) = (pendingCapture, null);
        return true;
    }
}
