using Akka.Actor;
using Ddlo.Actors.Edge;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Simulation;

public sealed class PlacementTests
{
    private static readonly IActorRef Worker = ActorRefs.Nobody;

    [Fact]
    public void Should_be_placed_once_every_proposer_every_device_and_every_solver_host_has_answered()
    {
        var placement = new Placement(proposers: 3, devices: 2);
        placement.ExpectSolverHosts(2);

        placement.Add(Dnns(0, 2));
        placement.Add(Devices(0, 1));
        placement.Add(new SolversHosted([Worker]));
        Assert.False(placement.IsComplete);
        placement.Add(Dnns(1));
        Assert.False(placement.IsComplete);
        placement.Add(new SolversHosted([Worker, Worker]));

        Assert.True(placement.IsComplete);
        Assert.Equal(3, placement.Solvers.Count);
        Assert.Equal(2, placement.Groups.Count);
    }

    [Fact]
    public void Should_keep_the_proposers_in_the_order_of_their_ids_whatever_order_the_hosts_answer_in()
    {
        var placement = new Placement(proposers: 3, devices: 0);

        placement.Add(Dnns(2));
        placement.Add(Dnns(1, 0));

        Assert.Equal([0, 1, 2], placement.Dnns.Keys.Select(k => k.Value));
        Assert.Equal([[2], [1, 0]], placement.Groups.Select(g => g.Dnns.Select(d => d.Value).ToArray()));
    }

    [Fact]
    public void Should_wait_for_every_device_host_to_start_its_part_of_a_sharded_region_not_for_device_actors()
    {
        var placement = new Placement(proposers: 1, devices: 50);
        placement.ExpectDeviceShards(Worker, hosts: 2);
        placement.Add(Dnns(0));

        placement.DeviceShardsStarted();
        Assert.False(placement.IsComplete);
        placement.DeviceShardsStarted();

        Assert.True(placement.IsComplete);
        Assert.True(placement.Sharded);
        Assert.IsType<DeviceShardRegion>(placement.Channel);
    }

    [Fact]
    public void Should_reach_devices_that_are_actors_by_their_refs()
    {
        var placement = new Placement(proposers: 0, devices: 2);

        placement.Add(Devices(1));
        Assert.False(placement.IsComplete);
        placement.Add(Devices(0));

        Assert.True(placement.IsComplete);
        Assert.False(placement.Sharded);
        Assert.IsType<DeviceRefs>(placement.Channel);
        Assert.Equal(2, placement.Devices.Count());
    }

    private static DnnsHosted Dnns(params int[] ids) =>
        new([.. ids.Select(k => new DnnId(k))], [.. ids.Select(_ => Worker)]);

    private static DevicesHosted Devices(params int[] ids) =>
        new([.. ids.Select(n => new DeviceId(n))], [.. ids.Select(_ => Worker)]);
}
