using Ddlo.Actors.Configuration;
using Ddlo.Actors.Simulation;
using Ddlo.Actors.Systems.Mumt;
using Ddlo.Core;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Tests.Channels;

/// <summary>
/// Heterogeneous MUMT devices (<c>ddlo.device-classes</c>): each class a share of the population with its own CPU,
/// energies and task sizes; its devices report its constants as factors of the system's beside their task sizes.
/// </summary>
public sealed class DeviceClassSpecs
{
    /// <summary>Phones as the system's devices, and sensors: a CPU four times slower, less energy, smaller tasks (the workload range holds both).</summary>
    private static readonly string[] TwoClasses =
    [
        "ddlo.workload.min-mb=2", "ddlo.device-classes.phone.share=0.6",
        "ddlo.device-classes.sensor.share=0.4", "ddlo.device-classes.sensor.local-time-per-bit=1.9e-6",
        "ddlo.device-classes.sensor.local-energy-per-bit=1e-7", "ddlo.device-classes.sensor.min-mb=2", "ddlo.device-classes.sensor.max-mb=8",
    ];

    [Theory]
    [InlineData(10, new[] { 0.6, 0.4 }, new[] { 6, 4 })]
    [InlineData(3, new[] { 0.5, 0.5 }, new[] { 2, 1 })]
    [InlineData(7, new[] { 0.2, 0.3, 0.5 }, new[] { 1, 2, 4 })]
    [InlineData(1, new[] { 0.3, 0.7 }, new[] { 0, 1 })]
    public void Should_deal_the_devices_to_the_classes_by_their_shares_in_blocks(int devices, double[] shares, int[] expected)
    {
        var classes = shares.Select((share, c) => new DeviceClass($"c{c}", share, 1, 1, 1, 10, 30)).ToArray();

        var counts = DeviceClass.Counts(classes, devices);

        Assert.Equal(expected, counts);
        var dealt = Enumerable.Range(0, devices).Select(n => DeviceClass.ClassOf(classes, n, devices)).ToArray();
        Assert.Equal(dealt.Order(), dealt);
        Assert.Equal(expected, Enumerable.Range(0, classes.Length).Select(c => dealt.Count(k => k == c)));
    }

    /// <summary>The actors' run against a loop without actors: each device's class sizes, factors and channel, to the bit.</summary>
    [Fact]
    public async Task Should_price_every_slot_with_each_devices_class_and_channel_as_a_loop_without_actors_does()
    {
        const int steps = 200;
        var scenario = Scenario.Load(null, [
            "ddlo.system.devices=5", "ddlo.system.tasks-per-device=2", "ddlo.channel.enabled=on", $"ddlo.run.steps={steps}",
            "ddlo.run.policy=exhaustive", "ddlo.run.max-in-flight=3", .. TwoClasses]);
        var settings = scenario.Settings;
        var mumt = settings.System.Settings<MumtSettings>();
        var model = mumt.CreateModel();
        int seed = settings.Run.Seed;
        var sources = Enumerable.Range(0, 5).Select(n => mumt.CreateTaskSource(n, new ReplayableRandom(Seeds.Derive(seed, Seeds.DeviceStream, n)), settings)).ToArray();
        var channels = Enumerable.Range(0, 5).Select(n => mumt.CreateChannel(n, seed)).ToArray();
        var sensor = new DeviceTraits(1, 1.9e-6 / 4.75e-7, 1e-7 / 3.25e-7, 1);

        var record = await SimulationRunner.RunAsync(scenario);

        Assert.Contains("classes phone x3 sensor x2", settings.System.Describe(), StringComparison.Ordinal);
        for (int t = 0; t < steps; t++)
        {
            var sizes = sources.SelectMany(s => s.TasksFor(t)).ToArray();
            var traits = Enumerable.Range(0, 5).Select(n => (n < 3 ? DeviceTraits.Paper : sensor).WithRate(channels[n].RateScaleFor(t))).ToArray();
            var workload = Workload.Create(5, 2, sizes).WithContext(
                traits.Select(d => d.RateScale).Concat(traits.Select(d => d.LocalTime)).Concat(traits.Select(d => d.LocalEnergy)).Concat(traits.Select(d => d.TransmitEnergy)));
            Assert.All(sizes[6..], d => Assert.InRange(d, 2, 8));
            var optimum = new ExhaustiveSearch(model).Solve(workload);
            Assert.Equal(optimum.Q, record.Steps[t].OptimalQ);
            Assert.Equal(model.Allocate(workload, optimum.Decision).Value, record.Steps[t].Q);
        }
    }

    [Fact]
    public async Task Should_learn_with_each_devices_class_beside_its_sizes_to_beat_both_fixed_policies()
    {
        var scenario = Scenario.Load(null, ["ddlo.run.steps=2500", "ddlo.system.devices=3", .. TwoClasses]);

        var record = await SimulationRunner.RunAsync(scenario);
        var last = record.Steps[^500..];

        Assert.Equal(3 * 3, scenario.Settings.System.ContextInputs);
        double gain = last.Average(s => s.GainRatio);
        Assert.True(gain > 0.95, $"the learner reached only {gain:F4} of the optimum with classes");
        Assert.True(last.Average(s => s.Q) < last.Average(s => s.EdgeQ), "the learner did no better than all-edge");
        Assert.True(last.Average(s => s.Q) < last.Average(s => s.LocalQ), "the learner did no better than all-local");
    }

    [Theory]
    [InlineData(new[] { "ddlo.device-classes.phone.share=0.6", "ddlo.device-classes.sensor.share=0.3" }, "ddlo.device-classes: the classes' shares add up to 0.9, not 1 (phone 0.6, sensor 0.3).")]
    [InlineData(new[] { "ddlo.device-classes.phone.share=1", "ddlo.device-classes.phone.cpu=2" }, "ddlo.device-classes.phone.cpu: unknown key of a device class; a class sets share, local-time-per-bit, local-energy-per-bit, transmit-energy-per-bit, min-mb, max-mb.")]
    [InlineData(new[] { "ddlo.device-classes.phone.min-mb=12" }, "ddlo.device-classes.phone.share: missing: every device class needs its share of the devices, in (0, 1].")]
    [InlineData(new[] { "ddlo.device-classes.phone.share=1", "ddlo.device-classes.phone.max-mb=5" }, "ddlo.device-classes.phone.max-mb: the class's task sizes would range from 10 to 5 MB; max-mb must be at least min-mb.")]
    [InlineData(new[] { "ddlo.device-classes.phone.share=1", "ddlo.device-classes.phone.local-time-per-bit=NaN" }, "ddlo.device-classes.phone.local-time-per-bit: expected a finite number, got 'NaN'.")]
    [InlineData(new[] { "ddlo.device-classes.phone.share=1", "ddlo.device-classes.phone.local-time-per-bit=-1" }, "ddlo.device-classes.phone.local-time-per-bit: expected a number >= 0, got '-1'.")]
    [InlineData(new[] { "ddlo.device-classes.phone.share=1", "ddlo.system.alpha=0", "ddlo.system.transmit-energy-per-bit=0", "ddlo.device-classes.phone.transmit-energy-per-bit=1e-7" }, "ddlo.device-classes.phone.transmit-energy-per-bit: ddlo.system.transmit-energy-per-bit is 0, and a class sets its own as a factor of the system's; set ddlo.system.transmit-energy-per-bit > 0 first.")]
    [InlineData(new[] { "ddlo.device-classes=5" }, "ddlo.device-classes: expected a block of device classes, each NAME { share = 0.5, local-time-per-bit = 9.5e-7, ... }.")]
    [InlineData(new[] { "ddlo.system.model=wpmec", "ddlo.device-classes.phone.share=1" }, "ddlo.device-classes: this block configures the mumt model (ddlo.system.model = mumt), and this scenario models wpmec; leave it out.")]
    [InlineData(new[] { "ddlo.device-classes.\"a.b\".share=1" }, "a device class's name is letters, digits, - and _.")]
    [InlineData(new[] { "ddlo.device-classes.big.share=1", "ddlo.device-classes.big.max-mb=60" }, "ddlo.device-classes.big.max-mb: the class's task sizes 10..60 MB leave the workload range 10..30 MB (ddlo.workload.min-mb, max-mb) the networks scale sizes from; widen that range to hold every class's.")]
    [InlineData(new[] { "ddlo.device-classes.free.share=1", "ddlo.device-classes.free.local-energy-per-bit=0" }, "ddlo.device-classes.free.local-energy-per-bit: the class's value is 0 times the system's; a class may be 1E-09 to 1E+09 times it.")]
    public void Should_refuse_a_bad_device_class_in_one_line_naming_the_key(string[] settings, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, settings));

        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
