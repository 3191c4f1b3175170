namespace Ddlo.Core.Systems;

/// <summary>
/// One slot's queues of a queueing system (LyDROO), each a mean over the devices: the data queue (Mbit) and the
/// energy queue at the slot's start, what arrived during it and what it served (Mbit), the energy it spent (J), and the
/// bit-frames the data served in the previous slot had waited (first in, first out), for Little's law.
/// </summary>
public sealed record QueueStats(double DataQueue, double EnergyQueue, double Arrivals, double Served, double Energy, double PreviousWait)
{
    /// <summary>The means over devices of per-device values.</summary>
    public static QueueStats FromDevices(
        ReadOnlySpan<double> dataQueues, ReadOnlySpan<double> energyQueues, ReadOnlySpan<double> arrivals, QueueService service, ReadOnlySpan<double> previousWaits)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new(Mean(dataQueues), Mean(energyQueues), Mean(arrivals), Mean(service.Served.AsSpan()), Mean(service.Energy.AsSpan()), Mean(previousWaits));
    }

    public void Write(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (double value in (ReadOnlySpan<double>)[DataQueue, EnergyQueue, Arrivals, Served, Energy, PreviousWait])
        {
            writer.Write(value);
        }
    }

    public static QueueStats Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new(reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
    }

    private static double Mean(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (double value in values)
        {
            sum += value;
        }

        return values.IsEmpty ? 0 : sum / values.Length;
    }
}
