using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>
/// The edge server's pacing, as plain state: which slot starts next, how many are in flight, and the checkpoint gate.
/// Before a checkpoint slot (and when asked to stop) no new slot starts until those in flight are decided; then the
/// checkpoint is due once, and slots resume when it is saved. It also counts what the run did: slots started, slots
/// whose workload every device reported, and slots decided. No Akka.
/// </summary>
internal sealed class SlotPacer
{
    private readonly long steps;
    private readonly int maxInFlight;
    private readonly long checkpointInterval;
    private bool holding;
    private bool checkpointRequested;
    private bool stopping;
    private long lastCheckpoint;

    /// <param name="steps">Slots the run decides.</param>
    /// <param name="maxInFlight">Slots being decided at once.</param>
    /// <param name="checkpointInterval">A checkpoint precedes every slot that is a multiple of this (0: only when asked to stop).</param>
    /// <param name="firstSlot">0, or the step of the checkpoint a run resumes from: every slot before it was generated and decided.</param>
    public SlotPacer(long steps, int maxInFlight, long checkpointInterval, long firstSlot)
    {
        this.steps = steps;
        this.maxInFlight = maxInFlight;
        this.checkpointInterval = checkpointInterval;
        NextSlot = firstSlot;
        Decided = firstSlot;
        Generated = firstSlot;
        lastCheckpoint = firstSlot;
    }

    public long NextSlot { get; private set; }

    public long Decided { get; private set; }

    /// <summary>Slots whose workload every device reported.</summary>
    public long Generated { get; private set; }

    public int InFlight { get; private set; }

    public bool Started { get; private set; }

    public bool IsComplete => Decided >= steps;

    /// <summary>The run starts: the slots to start now.</summary>
    public IReadOnlyList<SlotId> Start()
    {
        Started = true;
        return Fill();
    }

    public void WorkloadAssembled() => Generated++;

    /// <summary>A slot is decided: the slots to start now (none once the run is complete).</summary>
    public IReadOnlyList<SlotId> SlotDecided()
    {
        InFlight--;
        Decided++;
        return Fill();
    }

    /// <summary>Stop at the next checkpoint: start no new slot.</summary>
    public void Stop() => (stopping, holding) = (true, true);

    /// <summary>The checkpoint is saved (or given up): the slots to start now (none when the run was asked to stop).</summary>
    public IReadOnlyList<SlotId> Continue()
    {
        if (stopping)
        {
            return [];
        }

        (holding, checkpointRequested, lastCheckpoint) = (false, false, NextSlot);
        return Fill();
    }

    /// <summary>
    /// True once per checkpoint, when a held run has nothing in flight: every slot before <see cref="NextSlot"/> is
    /// decided and no later one started, so every part can be captured now.
    /// </summary>
    public bool TakeDueCheckpoint()
    {
        if (!Started || !holding || checkpointRequested || InFlight > 0 || IsComplete)
        {
            return false;
        }

        checkpointRequested = true;
        return true;
    }

    private List<SlotId> Fill()
    {
        var slots = new List<SlotId>();
        while (InFlight < maxInFlight && TryStartNext(out var slot))
        {
            slots.Add(slot);
        }

        return slots;
    }

    private bool TryStartNext(out SlotId slot)
    {
        slot = default;
        if (holding || NextSlot >= steps)
        {
            return false;
        }

        if (checkpointInterval > 0 && NextSlot % checkpointInterval == 0 && NextSlot != lastCheckpoint)
        {
            holding = true;
            return false;
        }

        slot = new SlotId(NextSlot++);
        InFlight++;
        return true;
    }
}
