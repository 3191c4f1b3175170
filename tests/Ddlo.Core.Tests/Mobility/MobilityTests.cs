using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Mobility;

namespace Ddlo.Core.Tests.Mobility;

public sealed class MobilityTests
{
    [Fact]
    public void Should_walk_a_random_waypoint_leg_in_a_straight_line_at_its_speed()
    {
        var settings = new MobilitySettings(MobilityModel.RandomWaypoint, SlotSeconds: 2, MinSpeed: 3, MaxSpeed: 3, HalfSideM: 500);
        var walker = new RandomWaypoint(settings, new Position(0, 0), new ReplayableRandom(1));
        var target = walker.Waypoint;
        double length = target.Distance;

        var first = walker.Move(0);

        // 3 m/s for 2 s: 6 m along the line to the waypoint (it is farther than that: |w| > 6 with this seed).
        Assert.True(length > 6, $"the waypoint is only {length} m away");
        Assert.Equal(6, first.Distance, 9);
        Assert.Equal(target.X * 6 / length, first.X, 9);
        Assert.Equal(target.Y * 6 / length, first.Y, 9);
    }

    [Fact]
    public void Should_pause_at_a_waypoint_for_the_pause_then_go_on_to_the_next()
    {
        // Fast enough to reach any waypoint of the 10 m square within one slot; a pause of 2.5 slots.
        var settings = new MobilitySettings(MobilityModel.RandomWaypoint, SlotSeconds: 1, MinSpeed: 1000, MaxSpeed: 1000, PauseSeconds: 2.5, HalfSideM: 10);
        var walker = new RandomWaypoint(settings, new Position(0, 0), new ReplayableRandom(2));
        var waypoint = walker.Waypoint;

        Assert.Equal(waypoint, walker.Move(0));
        // Reached within slot 0 at t < 1 s, it waits 2.5 s: still there at the end of slots 1, and gone in slot 3.
        Assert.Equal(waypoint, walker.Move(1));
        Assert.NotEqual(waypoint, walker.Move(3));
    }

    [Theory]
    [InlineData(MobilityModel.RandomWaypoint)]
    [InlineData(MobilityModel.GaussMarkov)]
    public void Should_stay_in_the_area_and_move_no_faster_than_its_speeds_allow(MobilityModel model)
    {
        var settings = new MobilitySettings(model, SlotSeconds: 1, MinSpeed: 1, MaxSpeed: 15, MeanSpeed: 10, SpeedSd: 3, HalfSideM: 50);
        IMobility walker = model == MobilityModel.RandomWaypoint
            ? new RandomWaypoint(settings, new Position(40, -40), new ReplayableRandom(3))
            : new GaussMarkov(settings, new Position(40, -40), new ReplayableRandom(3));
        var previous = walker.Position;
        double travelled = 0;
        for (int t = 0; t < 5000; t++)
        {
            var next = walker.Move(t);
            Assert.True(settings.Holds(next), $"slot {t}: {next} is outside the area");
            double step = previous.DistanceTo(next);
            travelled += step;
            if (model == MobilityModel.RandomWaypoint)
            {
                Assert.True(step <= 15 + 1e-9, $"slot {t}: moved {step} m at most 15 m/s");
            }

            previous = next;
        }

        Assert.True(travelled > 5000, $"the device hardly moved: {travelled} m in 5000 s");
    }

    [Fact]
    public void Should_go_straight_at_the_mean_speed_with_full_memory_and_turn_back_at_the_edge()
    {
        var settings = new MobilitySettings(MobilityModel.GaussMarkov, SlotSeconds: 1, Alpha: 1, MeanSpeed: 4, SpeedSd: 3, HeadingSd: 1, HalfSideM: 1000);
        var walker = new GaussMarkov(settings, new Position(0, 0), new ReplayableRandom(4));

        var first = walker.Move(0);
        double heading = walker.Heading;
        for (int t = 1; t < 10; t++)
        {
            walker.Move(t);
        }

        Assert.Equal((4.0, heading), (walker.Speed, walker.Heading));
        Assert.Equal(4 * Math.Cos(heading), first.X, 12);
        Assert.Equal(40 * Math.Cos(heading), walker.Position.X, 9);
        Assert.Equal(40 * Math.Sin(heading), walker.Position.Y, 9);

        // A step past the edge folds back in, and the heading turns with it. With the same heading (the same stream),
        // from x0 = +-(10 - 2 |cos|) a step of 4 m reaches +-(10 + 2 |cos|), 2 |cos| past the edge: folded back to x0.
        double cos = Math.Cos(heading);
        double x0 = Math.Sign(cos) * (10 - (2 * Math.Abs(cos)));
        var edge = new GaussMarkov(settings with { HalfSideM = 10 }, new Position(x0, 0), new ReplayableRandom(4));
        var folded = edge.Move(0);
        Assert.True(Math.Abs(cos) > 0.01, $"the heading {heading} is too close to vertical for this case");
        Assert.Equal(x0, folded.X, 12);
        Assert.Equal(Math.PI - heading, edge.Heading, 12);
    }

    /// <summary>A step millions of area-widths long folds back in at once (it used to reflect one width at a time).</summary>
    [Fact]
    public void Should_fold_a_long_gauss_markov_step_back_into_the_area()
    {
        var settings = new MobilitySettings(MobilityModel.GaussMarkov, SlotSeconds: 1e6, MeanSpeed: 1e4, SpeedSd: 0, HeadingSd: 0, Alpha: 1, HalfSideM: 1);
        var walker = new GaussMarkov(settings, new Position(0, 0), new ReplayableRandom(6));

        for (int t = 0; t < 1000; t++)
        {
            Assert.True(settings.Holds(walker.Move(t)), $"slot {t}: {walker.Position} is outside the area");
        }
    }

    [Theory]
    [InlineData(MobilityModel.RandomWaypoint)]
    [InlineData(MobilityModel.GaussMarkov)]
    public void Should_continue_from_a_checkpoint_exactly(MobilityModel model)
    {
        var settings = new MobilitySettings(model, PauseSeconds: 2, HalfSideM: 60);
        IMobility Create() => model == MobilityModel.RandomWaypoint
            ? new RandomWaypoint(settings, new Position(5, 5), new ReplayableRandom(5))
            : new GaussMarkov(settings, new Position(5, 5), new ReplayableRandom(5));
        var original = Create();
        for (int t = 0; t < 123; t++)
        {
            original.Move(t);
        }

        using var state = new MemoryStream();
        original.WriteState(new BinaryWriter(state));
        state.Position = 0;
        var restored = Create();
        restored.ReadState(new BinaryReader(state));

        Assert.Equal(original.Position, restored.Position);
        Assert.Equal(Enumerable.Range(123, 200).Select(t => original.Move(t)), Enumerable.Range(123, 200).Select(t => restored.Move(t)));
    }

    [Fact]
    public void Should_replay_a_trace_exactly_and_move_the_channel_with_it()
    {
        const string csv = "device,slot,x,y\n1,0,30,40\n0,0,3,4\n0,1,-60,80\n1,1,0,0.5\n";
        var trace = MobilityTrace.Parse(new StringReader(csv), "t.csv", devices: 2, slots: 2);
        var channel = new UplinkChannel(new ChannelSettings(Fading.None), new ReplayableRandom(6), _ => new TraceMobility(trace, 1));

        Assert.Equal(new Position(-60, 80), trace.At(0, 1));
        channel.RateScaleFor(0);
        Assert.Equal(50, channel.DistanceM, 12);
        channel.RateScaleFor(1);
        // Nearer than a metre counts as a metre.
        Assert.Equal(UplinkChannel.MinDistanceM, channel.DistanceM);

        // Past the trace (an environment stepped beyond the run's steps) the device stays where it last was.
        var mobility = new TraceMobility(trace, 0);
        Assert.Equal(new Position(-60, 80), mobility.Move(5));
    }

    [Theory]
    [InlineData("device,slot,x\n0,0,1\n", "t.csv:1: expected the header device,slot,x,y (positions in m), got 'device,slot,x'.")]
    [InlineData("device,slot,x,y\n0,0,1,1\n1,0,1,1\n0,1,2,2\n", "t.csv: device 1 has no position for slot 1; the run needs every device's slots 0..1.")]
    [InlineData("device,slot,x,y\n0,0,1,1\n2,0,1,1\n", "t.csv:3: device '2' is not one of this run's devices 0..1.")]
    [InlineData("device,slot,x,y\n0,0,1,1\n0,0,2,2\n", "t.csv:3: device 0 has a second position for slot 0.")]
    [InlineData("device,slot,x,y\n0,0,NaN,1\n", "t.csv:2: x and y must be finite numbers of m within [-1e6, 1e6], got 'NaN' and '1'.")]
    [InlineData("device,slot,x,y\n0,-1,1,1\n", "t.csv:2: slot '-1' is not a whole number >= 0.")]
    [InlineData("device,slot,x,y\n0,0,1\n", "t.csv:2: expected 4 values (device,slot,x,y), got 3.")]
    public void Should_refuse_a_trace_that_does_not_cover_the_run_naming_the_line(string csv, string expected)
    {
        var error = Assert.Throws<FormatException>(() => MobilityTrace.Parse(new StringReader(csv), "t.csv", devices: 2, slots: 2));

        Assert.Equal(expected, error.Message);
    }
}
