using Ddlo.Actors.Configuration;
using Ddlo.Actors.Simulation;
using Ddlo.Actors.Systems.Mumt;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Tests.Channels;

/// <summary>
/// MUMT with an uplink channel (<c>ddlo.channel</c>): each device actor draws its slot's rate scale from its own channel
/// and reports it beside its task sizes; the edge server prices every decision with those rates.
/// </summary>
public sealed class ChannelSimulationSpecs
{
    private static Scenario Channel(int steps, params string[] more) => Scenario.Load(null, [
        "ddlo.system.devices=3", "ddlo.system.tasks-per-device=2", "ddlo.channel.enabled=on", $"ddlo.run.steps={steps}", "ddlo.run.seed=5", .. more]);

    /// <summary>The actors' run against a loop without actors over the same streams: every slot's Q and Q*, to the bit.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Should_price_every_slot_with_each_devices_rate_as_a_loop_without_actors_does(int maxInFlight)
    {
        const int steps = 300;
        var scenario = Channel(steps, "ddlo.run.policy=exhaustive", $"ddlo.run.max-in-flight={maxInFlight}", "ddlo.channel.fading=rician");
        var settings = scenario.Settings;
        var mumt = settings.System.Settings<MumtSettings>();
        var model = mumt.CreateModel();
        int seed = settings.Run.Seed;
        var sources = Enumerable.Range(0, 3).Select(n => mumt.CreateTaskSource(n, new ReplayableRandom(Seeds.Derive(seed, Seeds.DeviceStream, n)), settings)).ToArray();
        var channels = Enumerable.Range(0, 3).Select(n => mumt.CreateChannel(n, seed)).ToArray();

        var record = await SimulationRunner.RunAsync(scenario);

        Assert.Equal(steps, record.Steps.Length);
        var rates = new List<double>();
        for (int t = 0; t < steps; t++)
        {
            var workload = Workload.Create(3, 2, sources.SelectMany(s => s.TasksFor(t))).WithContext(channels.Select(c => c.RateScaleFor(t)));
            rates.AddRange(workload.Context);
            var optimum = new ExhaustiveSearch(model).Solve(workload);
            Assert.Equal(optimum.Q, record.Steps[t].OptimalQ);
            // The kept decision is priced as every decision is, with its split (Evaluate sums device by device).
            Assert.Equal(model.Allocate(workload, optimum.Decision).Value, record.Steps[t].Q);
            Assert.Equal(model.Utility(workload, OffloadDecision.Uniform(6, offload: false)), record.Steps[t].LocalQ);
        }

        // The channel did vary the rates, slot by slot and device by device.
        Assert.True(rates.Distinct().Count() > steps, "the rates did not vary");
        Assert.Contains(rates, s => s < 0.9);
        Assert.Contains(rates, s => s > 1.1);
    }

    /// <summary>A mobility trace replays exactly: each slot's rates are those of the traced distances, with the channel's own fading.</summary>
    [Fact]
    public async Task Should_replay_a_mobility_trace_exactly_into_each_slots_rates()
    {
        const int steps = 60;
        string trace = Path.Combine(Path.GetTempPath(), $"ddlo-trace-{Guid.NewGuid():N}.csv");
        var random = new Random(7);
        var positions = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, steps).Select(_ => (X: random.Next(-200, 201), Y: random.Next(-200, 201))).ToArray()).ToArray();
        File.WriteAllLines(trace, ["device,slot,x,y", .. Enumerable.Range(0, 3).SelectMany(n => Enumerable.Range(0, steps).Select(t => $"{n},{t},{positions[n][t].X},{positions[n][t].Y}"))]);
        try
        {
            var scenario = Channel(steps, "ddlo.run.policy=exhaustive", "ddlo.mobility.model=trace", $"ddlo.mobility.trace=\"{trace}\"");
            var mumt = scenario.Settings.System.Settings<MumtSettings>();
            var model = mumt.CreateModel();
            int seed = scenario.Settings.Run.Seed;
            var sources = Enumerable.Range(0, 3).Select(n => mumt.CreateTaskSource(n, new ReplayableRandom(Seeds.Derive(seed, Seeds.DeviceStream, n)), scenario.Settings)).ToArray();
            // Each device's channel stream: its placement draw (unused: the trace says where it is), then a Rayleigh
            // fading power per slot.
            var fading = Enumerable.Range(0, 3).Select(n => new ReplayableRandom(Seeds.Derive(seed, Seeds.ChannelStream, n))).ToArray();
            Assert.All(fading, stream => stream.NextDouble());

            var record = await SimulationRunner.RunAsync(scenario);

            for (int t = 0; t < steps; t++)
            {
                var rates = Enumerable.Range(0, 3).Select(n =>
                {
                    double power = MathNet.Numerics.Distributions.Exponential.Sample(fading[n], 1.0);
                    double distance = Math.Max(1, Math.Sqrt((positions[n][t].X * positions[n][t].X) + (positions[n][t].Y * positions[n][t].Y)));
                    return mumt.Channel!.RateScale(distance, power);
                });
                var workload = Workload.Create(3, 2, sources.SelectMany(s => s.TasksFor(t))).WithContext(rates);
                Assert.Equal(new ExhaustiveSearch(model).Solve(workload).Q, record.Steps[t].OptimalQ);
            }
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Theory]
    [InlineData(new[] { "ddlo.channel.enabled=off", "ddlo.mobility.model=random-waypoint" }, "ddlo.mobility.model: devices move to change their distance, and so their channel; set ddlo.channel.enabled = on.")]
    [InlineData(new[] { "ddlo.mobility.model=gauss-markov", "ddlo.mobility.half-side-m=100" }, "ddlo.mobility.half-side-m: the area's half-side 100 m is less than ddlo.channel.farthest-m = 200, where devices may be placed; make it at least that.")]
    [InlineData(new[] { "ddlo.mobility.model=random-waypoint", "ddlo.mobility.max-speed-mps=0.5" }, "ddlo.mobility.max-speed-mps: must be a speed in [1, 1e4] m/s (not below the slowest), got 0.5.")]
    [InlineData(new[] { "ddlo.mobility.model=walk" }, "ddlo.mobility.model: expected one of static | random-waypoint | gauss-markov | trace, got 'walk'.")]
    [InlineData(new[] { "ddlo.mobility.model=trace" }, "ddlo.mobility.trace: the trace model needs a CSV file (device,slot,x,y): ddlo.mobility.trace = \"positions.csv\".")]
    [InlineData(new[] { "ddlo.mobility.alpha=2" }, "ddlo.mobility.alpha: must be a number in [0, 1], got 2.")]
    public void Should_refuse_bad_mobility_in_one_line_naming_the_key(string[] settings, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => Channel(10, settings));

        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_refuse_a_trace_that_misses_a_slot_of_the_run_naming_the_file_and_device()
    {
        string trace = Path.Combine(Path.GetTempPath(), $"ddlo-trace-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(trace, ["device,slot,x,y", "0,0,1,1", "1,0,2,2", "2,0,3,3", "0,1,1,1", "2,1,3,3"]);
        try
        {
            var error = Assert.Throws<ScenarioException>(() => Channel(2, "ddlo.mobility.model=trace", $"ddlo.mobility.trace=\"{trace}\""));

            Assert.EndsWith($"ddlo.mobility.trace: {trace}: device 1 has no position for slot 1; the run needs every device's slots 0..1.", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    [Fact]
    public async Task Should_learn_with_each_devices_rate_beside_its_sizes_to_beat_both_fixed_policies()
    {
        var scenario = Channel(2500, "ddlo.system.devices=3", "ddlo.system.tasks-per-device=3");

        var record = await SimulationRunner.RunAsync(scenario);
        var last = record.Steps[^500..];

        double gain = last.Average(s => s.GainRatio);
        Assert.True(gain > 0.96, $"the learner reached only {gain:F4} of the optimum with channels");
        Assert.True(last.Average(s => s.Q) < last.Average(s => s.EdgeQ), "the learner did no better than all-edge");
        Assert.True(last.Average(s => s.Q) < last.Average(s => s.LocalQ), "the learner did no better than all-local");
    }

    [Fact]
    public void Should_leave_the_papers_system_without_a_channel_unless_it_is_on()
    {
        var off = Scenario.Load(null, Array.Empty<string>()).Settings;
        var on = Channel(10).Settings;

        Assert.Null(off.System.DeviceContexts);
        Assert.Equal(0, off.System.ContextInputs);
        Assert.NotNull(on.System.DeviceContexts);
        Assert.Equal(3, on.System.ContextInputs);
        Assert.Contains("rayleigh fading, 20-200 m", on.System.Describe(), StringComparison.Ordinal);
        Assert.NotNull(on.System.Abilities.WhyNotSolve);
        Assert.Null(off.System.Abilities.WhyNotSolve);
    }

    [Theory]
    [InlineData("ddlo.channel.fading=fast", "ddlo.channel.fading: expected one of none | rayleigh | rician, got 'fast'.")]
    [InlineData("ddlo.channel.nearest-m=300", "ddlo.channel.nearest-m: must be at most farthest-m = 200 m, got 300.")]
    [InlineData("ddlo.channel.path-loss-exponent=0", "ddlo.channel.path-loss-exponent: expected a number > 0, got '0'.")]
    [InlineData("ddlo.channel.rician-k=-1", "ddlo.channel.rician-k: expected a number >= 0, got '-1'.")]
    [InlineData("ddlo.channel.reference-snr-db=NaN", "ddlo.channel.reference-snr-db: expected a finite number, got 'NaN'.")]
    [InlineData("ddlo.channel.enabled=yes", "ddlo.channel.enabled: expected one of on | off, got 'yes'.")]
    public void Should_refuse_a_bad_channel_setting_in_one_line_naming_the_key(string setting, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => Channel(10, setting));

        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Should_refuse_a_channel_in_another_models_scenario()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.system.model=wpmec", "ddlo.channel.enabled=on"]));

        Assert.Contains("ddlo.channel.enabled", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
