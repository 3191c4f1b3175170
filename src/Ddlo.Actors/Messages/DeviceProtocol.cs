using System.Collections.Immutable;

namespace Ddlo.Actors.Messages;

/// <summary>EdgeServer → WirelessDevice: report your M task sizes for this slot.</summary>
public sealed record StartSlot(SlotId Slot) : IDdloMessage;

/// <summary>WirelessDevice → EdgeServer: this device's task sizes (MB) for the slot.</summary>
public sealed record WorkloadReport(SlotId Slot, DeviceId Device, ImmutableArray<double> Sizes) : IDdloMessage;

/// <summary>EdgeServer → WirelessDevice: which of its tasks to offload and its uplink bandwidth (MB/s).</summary>
public sealed record OffloadingOrder(SlotId Slot, ImmutableArray<bool> Offload, double Bandwidth) : IDdloMessage;

/// <summary>A device message addressed by device id through the cluster's device shard region (no actor refs needed).</summary>
public sealed record DeviceEnvelope(DeviceId Device, IDdloMessage Message) : IDdloMessage;
