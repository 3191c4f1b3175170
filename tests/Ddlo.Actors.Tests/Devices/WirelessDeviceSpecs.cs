using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Devices;
using Ddlo.Actors.Messages;
using Ddlo.Core.Workloads;

namespace Ddlo.Actors.Tests.Devices;

public sealed class WirelessDeviceSpecs : TestKit
{
    [Fact]
    public void Should_report_its_tasks_for_each_slot_and_take_orders_without_answering()
    {
        var device = Sys.ActorOf(WirelessDevice.Props(new DeviceId(1), new UniformTaskSource(3, 10, 30, new Random(2))));

        device.Tell(new StartSlot(new SlotId(5)));
        var report = ExpectMsg<WorkloadReport>();
        Assert.Equal(new SlotId(5), report.Slot);
        Assert.Equal(new DeviceId(1), report.Device);
        Assert.Equal(3, report.Sizes.Length);
        Assert.All(report.Sizes, d => Assert.InRange(d, 10, 30));

        device.Tell(new OffloadingOrder(new SlotId(5), [true, false, true], 4.2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        device.Tell(new StartSlot(new SlotId(6)));
        var next = ExpectMsg<WorkloadReport>();
        Assert.Equal(new SlotId(6), next.Slot);
        Assert.NotEqual(report.Sizes.ToArray(), next.Sizes.ToArray());
    }
}
