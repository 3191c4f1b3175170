using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems.Lydroo;
using Ddlo.Core.Lyapunov;

namespace Ddlo.Actors.Tests.Lydroo;

/// <summary>Selecting the LyDROO model, its blocks (ddlo.lydroo, ddlo.arrivals), and what a LyDROO scenario refuses in one line.</summary>
public sealed class LydrooScenarioSpecs
{
    private static readonly string[] Lydroo = ["ddlo.system.model=lydroo", "ddlo.system.devices=4"];

    [Fact]
    public void Should_feed_the_networks_the_gains_and_both_queues_scaled_as_the_authors_do()
    {
        var settings = Scenario.Load(null, Lydroo).Settings;

        Assert.IsType<LydrooDefinition>(settings.System.Definition);
        Assert.Equal(8, settings.System.ContextInputs);
        Assert.IsType<LydrooModel>(settings.System.CreateSystemModel());
        Assert.Equal(12, settings.NetworkOptions(0).NetworkInputs);
        Assert.Equal(4, settings.NetworkOptions(0).Outputs);
        // h * 1e10 for the four gains, then Q / 1e4 and Y / 1e4.
        Span<float> input = stackalloc float[12];
        settings.CreateNormalizer().Normalize([3e-11, 1e-11, 2e-11, 4e-11, 100, 200, 300, 400, 10, 20, 30, 40], input);
        Assert.Equal("0.3,0.1,0.2,0.4,0.01,0.02,0.03,0.04,0.001,0.002,0.003,0.004", string.Join(",", input.ToArray().Select(x => Math.Round(x, 6))));
    }

    [Fact]
    public void Should_rebuild_a_lydroo_scenario_from_its_hocon_text_on_another_node()
    {
        var settings = Scenario.Load(null, [.. Lydroo, "ddlo.lydroo.v=50", "ddlo.arrivals.process=poisson", "ddlo.arrivals.tasks-per-frame=2"]).Settings;

        var rebuilt = Scenario.SettingsFromHocon(settings.Hocon, "akka.tcp://ddlo@edge");

        Assert.Equal(50, rebuilt.System.Settings<LydrooSettings>().System.V);
        Assert.Equal(("poisson", 2.0), (rebuilt.System.Settings<LydrooSettings>().Arrivals.Process, rebuilt.System.Settings<LydrooSettings>().Arrivals.TasksPerFrame));
    }

    [Theory]
    [InlineData("ddlo.system.uplink-mbps=100", "ddlo.system.uplink-mbps: this key configures the mumt model, but ddlo.system.model = lydroo")]
    [InlineData("ddlo.wpmec.ap-power-w=4", "ddlo.wpmec.ap-power-w: this key configures the wpmec model, but ddlo.system.model = lydroo")]
    [InlineData("ddlo.system.tasks-per-device=2", "ddlo.system.tasks-per-device: a LyDROO device makes one decision per frame")]
    [InlineData("ddlo.lydroo.weights=[1, 1.5]", "ddlo.lydroo.weights: expected one weight per device: 4 (ddlo.system.devices), got 2")]
    [InlineData("ddlo.lydroo.channel.line-of-sight=2", "ddlo.lydroo.channel.line-of-sight: the share of the mean gain in the direct path must be in [0, 1], got 2")]
    [InlineData("ddlo.lydroo.nu=-1", "ddlo.lydroo.nu: expected a number > 0")]
    [InlineData("ddlo.arrivals.process=bursty", "ddlo.arrivals.process")]
    [InlineData("ddlo.arrivals.mean-mbit=NaN", "ddlo.arrivals.mean-mbit")]
    [InlineData("ddlo.arrivals.max-mbit=1", "--set ddlo.arrivals.max-mbit=1: ddlo.arrivals.max-mbit: the largest arrival (max-mbit = 1 Mbit) must not be smaller than the smallest (min-mbit = 2)")]
    [InlineData("ddlo.arrivals.min-mbit=5", "--set ddlo.arrivals.min-mbit=5: ddlo.arrivals.min-mbit: the largest arrival (max-mbit = 4 Mbit) must not be smaller than the smallest (min-mbit = 5)")]
    [InlineData("ddlo.lydroo.channel.nearest-m=300", "--set ddlo.lydroo.channel.nearest-m=300: ddlo.lydroo.channel.nearest-m: the farthest device (255 m, channel.farthest-m) must not be nearer")]
    [InlineData("ddlo.arrivals.process=trace", "ddlo.arrivals.trace: the trace process needs a CSV file")]
    [InlineData("ddlo.arrivals.trace=/no/such/trace.csv", "ddlo.arrivals.trace: /no/such/trace.csv: arrival trace not found.")]
    [InlineData("ddlo.run.policy=dual", "ddlo.run.policy: dual is an MUMT baseline; LyDROO's are exhaustive | coordinate-descent | local | edge | random.")]
    [InlineData("ddlo.run.score-against-optimum=dual", "ddlo.run.score-against-optimum: dual scores MUMT; LyDROO scores against auto | exhaustive | coordinate-descent | off.")]
    public void Should_refuse_what_a_lydroo_scenario_cannot_mean_in_one_line(string set, string message)
    {
        string[] sets = set.StartsWith("ddlo.arrivals.trace=", StringComparison.Ordinal) ? [.. Lydroo, "ddlo.arrivals.process=trace", set] : [.. Lydroo, set];

        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, sets));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message.TrimEnd());
    }

    [Theory]
    [InlineData("ddlo.lydroo.v=40", "ddlo.lydroo.v: this key configures the lydroo model, but ddlo.system.model = mumt")]
    [InlineData("ddlo.arrivals.mean-mbit=4", "ddlo.arrivals.mean-mbit: this key configures the lydroo model, but ddlo.system.model = mumt")]
    public void Should_refuse_lydroo_settings_in_an_mumt_scenario(string set, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [set]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
