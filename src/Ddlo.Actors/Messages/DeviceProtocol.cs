using System.Collections.Immutable;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → WirelessDevice: report your M task sizes for this slot.</summary>
internal sealed record StartSlot(SlotId Slot) : IDdloMessage;

/// <summary>
/// WirelessDevice → EdgeServer: this device's reports for the slot (task sizes in MB, or its channel gain), and, for a
/// device with queues, its state: the queues (<see cref="Context"/>), what arrives during the slot, and how long the
/// data served in its previous slot had waited.
/// </summary>
internal sealed record WorkloadReport(SlotId Slot, DeviceId Device, ImmutableArray<double> Sizes) : IDdloMessage
{
    /// <summary>The device's context values (LyDROO: its data queue in Mbit, then its energy queue); empty without queues.</summary>
    public ImmutableArray<double> Context { get; init; } = [];

    /// <summary>Data arriving during the slot, Mbit (served from the next slot on; the decision does not see it).</summary>
    public double Arrived { get; init; }

    /// <summary>Bit-frames the data served in the device's previous slot had waited in its queue.</summary>
    public double PreviousWait { get; init; }
}

/// <summary>
/// EdgeServer → WirelessDevice: which of its tasks to offload and its share of the contended resource (uplink MB/s, or
/// a fraction of the frame); for a device with queues, also the data the decision serves and the energy it spends.
/// </summary>
internal sealed record OffloadingOrder(SlotId Slot, ImmutableArray<bool> Offload, double Bandwidth) : IDdloMessage
{
    /// <summary>Data served this slot, Mbit (devices with queues).</summary>
    public double Served { get; init; }

    /// <summary>Energy spent this slot, J (devices with queues).</summary>
    public double Energy { get; init; }
}

/// <summary>A device message addressed by device id through the cluster's device shard region (no actor refs needed).</summary>
internal sealed record DeviceEnvelope(DeviceId Device, IDdloMessage Message) : IDdloMessage;
