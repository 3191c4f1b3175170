using System.Diagnostics.Metrics;

namespace Ddlo.Actors.Recording;

/// <summary>
/// What a run reports while it runs, as .NET metrics (meter <c>Ddlo.Actors</c>): slots decided, degraded slots, DNN
/// restarts and training rounds (counters), the decision latency and the candidates priced per slot (histograms), and
/// the protocol messages sent to and received from other nodes (counters, by message type); for a map, the cells
/// this process hosts, the device-slots they decide, the handovers (across nodes or cells) and the averaging rounds. The recorder and the
/// serializer feed them; an exporter (<c>simulate --metrics-port</c>, Prometheus through OpenTelemetry) serves them.
/// Per process: runs side by side add to the same counters. The rolling gain ratio, a gauge no two runs can share, is
/// each run's own (<see cref="RunMetrics"/>).
/// </summary>
public static class DdloMetrics
{
    public const string MeterName = "Ddlo.Actors";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> SlotsDecided = Meter.CreateCounter<long>("ddlo.slots.decided", "{slot}", "Slots decided.");

    internal static readonly Counter<long> DegradedSlots = Meter.CreateCounter<long>("ddlo.slots.degraded", "{slot}", "Slots decided from fewer candidates than proposers.");

    internal static readonly Counter<long> DnnRestarts = Meter.CreateCounter<long>("ddlo.dnn.restarts", "{restart}", "DNN actors restarted after a failed training round.");

    internal static readonly Counter<long> TrainingRounds = Meter.CreateCounter<long>("ddlo.training.rounds", "{round}", "Training rounds taken, over every DNN.");

    internal static readonly Histogram<double> DecisionLatency = Meter.CreateHistogram<double>(
        "ddlo.decision.latency", "s", "From a slot's workload to its decision.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 1] });

    internal static readonly Histogram<long> CandidatesPerSlot = Meter.CreateHistogram<long>(
        "ddlo.slot.candidates", "{candidate}", "Candidates priced per slot, over every proposer.",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 1000] });

    /// <summary>Protocol messages this process serialized to send to another node, by message type (tag <c>message</c>).</summary>
    internal static readonly Counter<long> RemoteMessagesSent = Meter.CreateCounter<long>("ddlo.remote.messages.sent", "{message}", "Protocol messages serialized for another node.");

    /// <summary>Protocol messages this process read from another node, by message type (tag <c>message</c>).</summary>
    internal static readonly Counter<long> RemoteMessagesReceived = Meter.CreateCounter<long>("ddlo.remote.messages.received", "{message}", "Protocol messages received from another node.");

    /// <summary>Time to write or read one protocol message that crosses nodes, by message type and direction (tags <c>message</c>, <c>direction</c>).</summary>
    internal static readonly Histogram<double> SerializationTime = Meter.CreateHistogram<double>(
        "ddlo.remote.serialization.time", "s", "Time to write (serialize) or read (deserialize) a protocol message that crosses nodes.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 1e-3] });

    /// <summary>Cells of a map this process hosts: each node counts its own, up as a cell starts and down as it stops.</summary>
    internal static readonly UpDownCounter<long> MapCellsHosted = Meter.CreateUpDownCounter<long>("ddlo.map.cells.hosted", "{cell}", "Cells of a map this process hosts.");

    /// <summary>Device-slots decided by the cells this process hosts (a device served by a cell in a slot is one): its rate is the node's device-slots/s.</summary>
    internal static readonly Counter<long> MapDeviceSlots = Meter.CreateCounter<long>("ddlo.map.device.slots", "{device-slot}", "Device-slots decided by the cells this process hosts.");

    /// <summary>
    /// Handovers of a map's devices, counted on the clock's node, tagged <c>across</c>: <c>node</c> when the device's
    /// old and new cells are hosted by different nodes, <c>cell</c> when by one.
    /// </summary>
    internal static readonly Counter<long> MapHandovers = Meter.CreateCounter<long>("ddlo.map.handovers", "{handover}", "Handovers of a map's devices (tag across: node or cell).");

    /// <summary>Averaging rounds taken by the copies of a map's learner this process hosts: one per copy and round.</summary>
    internal static readonly Counter<long> MapAveragingRounds = Meter.CreateCounter<long>("ddlo.map.averaging.rounds", "{round}", "Averaging rounds taken by the copies of the learner this process hosts.");

    /// <summary>The <c>across</c> tag of a handover between cells on two nodes.</summary>
    internal static readonly KeyValuePair<string, object?> AcrossNodes = new("across", "node");

    /// <summary>The <c>across</c> tag of a handover between two cells of one node.</summary>
    internal static readonly KeyValuePair<string, object?> AcrossCells = new("across", "cell");

    /// <summary>
    /// Records 0 on every counter. An exporter shows a counter only once something is recorded on it, and a dashboard
    /// must tell "none yet" (no degraded slot, no DNN restart) from "not exported": an exporter calls this as it starts.
    /// </summary>
    public static void ExportEveryCounter()
    {
        foreach (var counter in new[] { SlotsDecided, DegradedSlots, DnnRestarts, TrainingRounds, RemoteMessagesSent, RemoteMessagesReceived, MapDeviceSlots, MapAveragingRounds })
        {
            counter.Add(0);
        }

        MapCellsHosted.Add(0);
        MapHandovers.Add(0, AcrossNodes);
        MapHandovers.Add(0, AcrossCells);
    }
}
