using System.Collections.Immutable;
using Akka.Actor;
using Ddlo.Actors.Messages;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Devices;

/// <summary>A wireless device: produces its M task sizes each slot and follows the edge server's orders.</summary>
public sealed class WirelessDevice : ReceiveActor
{
    private readonly DeviceId id;
    private readonly ITaskSource source;
    private long orders;
    private long offloaded;
    private long local;
    private SlotId? lastSlot;

    public WirelessDevice(DeviceId id, ITaskSource source)
    {
        this.id = id;
        this.source = source;
        Receive<StartSlot>(Handle);
        Receive<OffloadingOrder>(Handle);
        Receive<GetDeviceStatus>(_ => Sender.Tell(new DeviceStatus(id, orders, offloaded, local, lastSlot)));
    }

    public static Props Props(DeviceId id, ITaskSource source) =>
        Akka.Actor.Props.Create(() => new WirelessDevice(id, source));

    private void Handle(StartSlot start) =>
        Sender.Tell(new WorkloadReport(start.Slot, id, source.TasksFor(start.Slot.Value).ToImmutableArray()));

    private void Handle(OffloadingOrder order)
    {
        orders++;
        int count = order.Offload.Count(x => x);
        offloaded += count;
        local += order.Offload.Length - count;
        lastSlot = order.Slot;
    }
}
