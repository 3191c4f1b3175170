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

    /// <summary>
    /// A device with context (a channel, a class) reports it beside its sizes, and its checkpoint carries the channel's
    /// stream; a checkpoint of a device with context does not fit one without, nor the other way round.
    /// </summary>
    [Fact]
    public void Should_report_its_context_and_refuse_a_checkpoint_of_a_device_with_other_context()
    {
        var traits = new Ddlo.Core.Model.DeviceTraits(1, 2, 0.5, 1);
        IContextSource Context() => new Ddlo.Core.Model.MumtContextSource(traits, classes: true,
            new Ddlo.Core.Channels.UplinkChannel(new Ddlo.Core.Channels.ChannelSettings(), new Ddlo.Core.Checkpoints.ReplayableRandom(3)));
        var withContext = Sys.ActorOf(WirelessDevice.Props(new DeviceId(0), new UniformTaskSource(2, 10, 30, new Ddlo.Core.Checkpoints.ReplayableRandom(1)), context: Context()));
        var plain = Sys.ActorOf(WirelessDevice.Props(new DeviceId(0), new UniformTaskSource(2, 10, 30, new Ddlo.Core.Checkpoints.ReplayableRandom(1))));

        withContext.Tell(new StartSlot(new SlotId(0)));
        var report = ExpectMsg<WorkloadReport>();
        Assert.Equal(4, report.Context.Length);
        Assert.Equal([2, 0.5, 1], report.Context.Skip(1));

        withContext.Tell(new CaptureState(TestActor));
        var rich = ExpectMsg<StateCaptured>();
        plain.Tell(new CaptureState(TestActor));
        var bare = ExpectMsg<StateCaptured>();

        plain.Tell(new RestoreState(rich.State));
        Assert.Contains("has a channel or class this run's devices do not", ExpectMsg<StateRestored>().Error, StringComparison.Ordinal);
        var fresh = Sys.ActorOf(WirelessDevice.Props(new DeviceId(0), new UniformTaskSource(2, 10, 30, new Ddlo.Core.Checkpoints.ReplayableRandom(1)), context: Context()));
        fresh.Tell(new RestoreState(bare.State));
        Assert.Contains("has no channel or class", ExpectMsg<StateRestored>().Error, StringComparison.Ordinal);
        fresh.Tell(new RestoreState(rich.State));
        Assert.Null(ExpectMsg<StateRestored>().Error);
    }
}
