using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Messages;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Tests.Devices;

public sealed class WirelessDeviceSpecs : TestKit
{
    [Fact]
    public void Should_report_its_tasks_for_each_slot_and_count_the_orders_it_follows()
    {
        var device = Sys.ActorOf(WirelessDevice.Props(new DeviceId(1), new UniformTaskSource(3, 10, 30, new Random(2))));

        device.Tell(new StartSlot(new SlotId(5)));
        var report = ExpectMsg<WorkloadReport>();
        Assert.Equal(new SlotId(5), report.Slot);
        Assert.Equal(new DeviceId(1), report.Device);
        Assert.Equal(3, report.Sizes.Length);
        Assert.All(report.Sizes, d => Assert.InRange(d, 10, 30));

        device.Tell(new OffloadingOrder(new SlotId(5), [true, false, true], 4.2));
        device.Tell(GetDeviceStatus.Instance);
        var status = ExpectMsg<DeviceStatus>();
        Assert.Equal(1, status.Orders);
        Assert.Equal(2, status.Offloaded);
        Assert.Equal(1, status.Local);
        Assert.Equal(new SlotId(5), status.LastSlot);
    }
}
