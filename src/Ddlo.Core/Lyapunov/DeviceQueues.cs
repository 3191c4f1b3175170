using Ddlo.Core.Arrivals;
using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Lyapunov;

/// <summary>
/// One device's queues over time, as LyDROO evolves them: its data queue Q (Mbit) and its virtual energy queue Y.
/// Each frame opens with the data that will arrive in it, and closes with what the frame's decision served and cost:
/// Q(t+1) = max(Q + A - r, 0), Y(t+1) = max(Y + nu (e - budget), 0). It also keeps its data first in, first out, so
/// that each served bit's time in the queue is known (Little's law: mean backlog = arrival rate x mean time in queue).
/// </summary>
public sealed class DeviceQueues : ICheckpointable
{
    private readonly IArrivalProcess arrivals;
    private readonly double nu;
    private readonly double budget;
    private readonly LinkedList<(long Frame, double Bits)> fifo = [];
    private long openFrame = -1;

    /// <param name="arrivals">The device's own arrival process.</param>
    /// <param name="nu">How fast Y grows per J spent over budget.</param>
    /// <param name="energyBudget">The long-term energy budget per frame, J.</param>
    public DeviceQueues(IArrivalProcess arrivals, double nu, double energyBudget)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        this.arrivals = arrivals;
        this.nu = nu;
        budget = energyBudget;
    }

    /// <summary>Q, the data waiting at the start of the open frame, Mbit.</summary>
    public double Data { get; private set; }

    /// <summary>Y, the virtual energy queue at the start of the open frame.</summary>
    public double Energy { get; private set; }

    /// <summary>A, the data arriving during the open frame (it can be served from the next frame on), Mbit.</summary>
    public double Arriving { get; private set; }

    /// <summary>Bit-frames the data served when the last frame closed had waited: each Mbit times the frames it was queued.</summary>
    public double LastWait { get; private set; }

    /// <summary>Whether a frame is open (its service not yet applied).</summary>
    public bool IsOpen => openFrame >= 0;

    /// <summary>The open frame, or -1 when none is.</summary>
    public long OpenFrame => openFrame;

    /// <summary>Opens frame <paramref name="frame"/>: draws what arrives in it.</summary>
    public void Open(long frame)
    {
        if (IsOpen)
        {
            throw new InvalidOperationException($"Frame {openFrame} is still open; close it before opening frame {frame}.");
        }

        openFrame = frame;
        Arriving = arrivals.BitsFor(frame);
    }

    /// <summary>Closes the open frame with what it served (Mbit, at most <see cref="Data"/>) and the energy it spent (J).</summary>
    public void Close(double served, double energy)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException("No frame is open.");
        }

        if (!double.IsFinite(served) || served < 0 || !double.IsFinite(energy) || energy < 0)
        {
            throw new ArgumentException($"A frame's service must be finite and >= 0, got {served} Mbit and {energy} J.", nameof(served));
        }

        double wait = 0;
        double left = Math.Min(served, Data);
        while (left > 0 && fifo.First is { } head)
        {
            double taken = Math.Min(left, head.Value.Bits);
            wait += taken * (openFrame - head.Value.Frame);
            left -= taken;
            if (taken >= head.Value.Bits)
            {
                fifo.RemoveFirst();
            }
            else
            {
                head.Value = (head.Value.Frame, head.Value.Bits - taken);
            }
        }

        LastWait = wait;
        Data = Math.Max(Data + Arriving - served, 0);
        Energy = Math.Max(Energy + (nu * (energy - budget)), 0);
        if (Arriving > 0)
        {
            fifo.AddLast((openFrame, Arriving));
        }

        openFrame = -1;
    }

    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Data);
        writer.Write(Energy);
        writer.Write(Arriving);
        writer.Write(LastWait);
        writer.Write(openFrame);
        writer.Write(fifo.Count);
        foreach (var (frame, bits) in fifo)
        {
            writer.Write(frame);
            writer.Write(bits);
        }

        arrivals.WriteState(writer);
    }

    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Data = reader.ReadDouble();
        Energy = reader.ReadDouble();
        Arriving = reader.ReadDouble();
        LastWait = reader.ReadDouble();
        openFrame = reader.ReadInt64();
        int count = reader.ReadInt32();
        fifo.Clear();
        for (int i = 0; i < count; i++)
        {
            fifo.AddLast((reader.ReadInt64(), reader.ReadDouble()));
        }

        arrivals.ReadState(reader);
    }
}
