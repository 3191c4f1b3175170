using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Cluster;

/// <summary>
/// Counts the protocol messages this process sends to and receives from other nodes while it is alive, by direction
/// and message type, and the time it spends writing and reading them, from the serializer's metrics (<see cref="DdloMetrics"/>): on the edge node of a star-shaped
/// cluster (learners and solvers only talk to the edge node) that is every message that crosses a node boundary.
/// </summary>
public sealed class RemoteMessageCount : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<(string Direction, string Message), long> counts = new();
    private double serializationSeconds;

    public RemoteMessageCount()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DdloMetrics.MeterName
                && instrument.Name is "ddlo.remote.messages.sent" or "ddlo.remote.messages.received" or "ddlo.remote.serialization.time")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string message = "?";
            foreach (var tag in tags)
            {
                if (tag.Key == "message")
                {
                    message = tag.Value as string ?? "?";
                }
            }

            string direction = instrument.Name.EndsWith(".sent", StringComparison.Ordinal) ? "sent" : "received";
            counts.AddOrUpdate((direction, message), value, (_, count) => count + value);
        });
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            // Only the serialization histogram measures doubles.
            lock (listener)
            {
                serializationSeconds += seconds;
            }
        });
        listener.Start();
    }

    /// <summary>Messages so far, per direction and type, largest first.</summary>
    public IReadOnlyList<(string Direction, string Message, long Count)> Counts =>
        [.. counts.Select(c => (c.Key.Direction, c.Key.Message, c.Value)).OrderByDescending(c => c.Value).ThenBy(c => c.Message, StringComparer.Ordinal)];

    public long Total => counts.Values.Sum();

    /// <summary>Seconds this process spent writing and reading those messages.</summary>
    public double SerializationSeconds
    {
        get
        {
            lock (listener)
            {
                return serializationSeconds;
            }
        }
    }

    public void Dispose() => listener.Dispose();
}
