using Ddlo.Core.Arrivals;
using Ddlo.Core.Checkpoints;

namespace Ddlo.Core.Tests.Arrivals;

public sealed class ArrivalProcessTests
{
    public static TheoryData<string> Processes => ["exponential", "poisson", "uniform"];

    private static IArrivalProcess Create(string name, int seed) => name switch
    {
        "exponential" => new ExponentialArrivals(3, new ReplayableRandom(seed)),
        "poisson" => new PoissonArrivals(2, 0.5, 2.5, new ReplayableRandom(seed)),
        _ => new UniformArrivals(1, 5, new ReplayableRandom(seed)),
    };

    [Theory]
    [MemberData(nameof(Processes))]
    public void Should_arrive_at_its_stated_mean_and_never_below_zero(string name)
    {
        var process = Create(name, 7);
        double[] bits = [.. Enumerable.Range(0, 40_000).Select(f => process.BitsFor(f))];

        Assert.All(bits, b => Assert.True(b >= 0 && double.IsFinite(b)));
        // 40,000 frames: the sample mean is within 2 % of the mean for each of these (standard errors under 0.5 %).
        Assert.InRange(bits.Average() / process.MeanBits, 0.98, 1.02);
        Assert.Equal(name, process.Name);
    }

    [Theory]
    [MemberData(nameof(Processes))]
    public void Should_continue_its_stream_exactly_after_a_checkpoint(string name)
    {
        var original = Create(name, 11);
        var uninterrupted = Create(name, 11);
        double[] expected = [.. Enumerable.Range(0, 300).Select(f => uninterrupted.BitsFor(f))];
        _ = Enumerable.Range(0, 120).Select(f => original.BitsFor(f)).ToList();
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.WriteState(writer);
        }

        var resumed = Create(name, 11);
        state.Position = 0;
        using (var reader = new BinaryReader(state))
        {
            resumed.ReadState(reader);
        }

        Assert.Equal(expected[120..], Enumerable.Range(120, 180).Select(f => resumed.BitsFor(f)));
    }

    [Fact]
    public void Should_give_each_seed_its_own_stream()
    {
        var a = Create("exponential", 1);
        var b = Create("exponential", 2);

        Assert.NotEqual(Enumerable.Range(0, 10).Select(f => a.BitsFor(f)), Enumerable.Range(0, 10).Select(f => b.BitsFor(f)));
    }

    [Fact]
    public void Should_replay_a_trace_per_device_with_silent_frames_and_wrap_around()
    {
        var devices = TraceArrivals.Parse(new StringReader("frame,device,mbit\n0,0,1.5\n2,0,3\n1,1,0.25\n"), "trace.csv", 2);

        Assert.Equal([1.5, 0, 3, 1.5], Enumerable.Range(0, 4).Select(f => devices[0].BitsFor(f)));
        Assert.Equal([0, 0.25, 0, 0], Enumerable.Range(0, 4).Select(f => devices[1].BitsFor(f)));
        Assert.Equal(1.5, devices[0].MeanBits);
    }

    [Fact]
    public void Should_read_a_column_headed_bits_in_bits()
    {
        var devices = TraceArrivals.Parse(new StringReader("frame,device,bits\n0,0,3e6\n1,0,1500000\n"), "trace.csv", 1);

        Assert.Equal([3, 1.5], Enumerable.Range(0, 2).Select(f => devices[0].BitsFor(f)));
    }

    [Fact]
    public void Should_keep_a_trace_naming_a_far_frame_in_the_memory_of_its_lines()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var devices = TraceArrivals.Parse(new StringReader("frame,device,mbit\n0,0,1\n2147483646,0,2\n"), "trace.csv", 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(2, devices[0].BitsFor(2_147_483_646));
        Assert.Equal(1, devices[0].BitsFor(2_147_483_647));
        Assert.Equal(0, devices[0].BitsFor(5));
        Assert.True(allocated < 1_000_000, $"{allocated} bytes for a two-line trace");
    }

    [Theory]
    [InlineData("frame,bits\n0,1\n", "trace.csv:1: expected the header frame,device,mbit (arrivals in Mbit) or frame,device,bits (in bits), got 'frame,bits'.")]
    [InlineData("frame,device,kbit\n0,0,1\n", "trace.csv:1: expected the header frame,device,mbit (arrivals in Mbit) or frame,device,bits (in bits), got 'frame,device,kbit'.")]
    [InlineData("", "trace.csv:1: expected the header frame,device,mbit (arrivals in Mbit) or frame,device,bits (in bits), got ''.")]
    [InlineData("frame,device,bits\n0,0\n", "trace.csv:2: expected 3 values (frame,device,bits), got 2.")]
    [InlineData("frame,device,mbit\n0,2,1\n", "trace.csv:2: device '2' is not one of 0..1.")]
    [InlineData("frame,device,mbit\n-1,0,1\n", "trace.csv:2: frame '-1' is not a whole number in [0, 2147483646].")]
    [InlineData("frame,device,mbit\n2147483647,0,1\n", "trace.csv:2: frame '2147483647' is not a whole number in [0, 2147483646].")]
    [InlineData("frame,device,mbit\n0,0,NaN\n", "trace.csv:2: mbit 'NaN' must be a finite number >= 0 and at most 1E+100 mbit.")]
    [InlineData("frame,device,mbit\n0,0,1e101\n", "trace.csv:2: mbit '1e101' must be a finite number >= 0 and at most 1E+100 mbit.")]
    [InlineData("frame,device,bits\n0,0,1e308\n", "trace.csv:2: bits '1e308' must be a finite number >= 0 and at most 1E+106 bits.")]
    [InlineData("frame,device,bits\n0,0,-1\n", "trace.csv:2: bits '-1' must be a finite number >= 0 and at most 1E+106 bits.")]
    [InlineData("frame,device,mbit\n0,0,1\n0,0,2\n", "trace.csv:3: frame 0 of device 0 appears twice.")]
    [InlineData("frame,device,mbit\n", "trace.csv: the trace has a header but no arrivals.")]
    public void Should_refuse_a_malformed_trace_naming_the_line(string text, string message)
    {
        var error = Assert.Throws<FormatException>(() => TraceArrivals.Parse(new StringReader(text), "trace.csv", 2));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Should_refuse_a_negative_or_nan_mean()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialArrivals(-3, new ReplayableRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialArrivals(double.NaN, new ReplayableRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new UniformArrivals(5, 1, new ReplayableRandom(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoissonArrivals(0, 1, 2, new ReplayableRandom(1)));
    }
}
