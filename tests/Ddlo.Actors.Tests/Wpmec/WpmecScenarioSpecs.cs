using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems.Wpmec;
using Ddlo.Core.Wpmec;

namespace Ddlo.Actors.Tests.Wpmec;

/// <summary>Selecting the WPMEC model, its block, and what a WPMEC scenario refuses in one line.</summary>
public sealed class WpmecScenarioSpecs
{
    private static readonly string[] Wpmec = ["ddlo.system.model=wpmec", "ddlo.system.devices=6"];

    [Fact]
    public void Should_read_the_wpmec_block_with_the_papers_defaults()
    {
        var settings = Scenario.Load(null, Wpmec).Settings;

        Assert.IsType<WpmecDefinition>(settings.System.Definition);
        Assert.Equal(1, settings.System.TasksPerDevice);
        Assert.Equal(6, settings.System.TaskCount);
        Assert.Equal(WpmecParameters.Paper, settings.System.Settings<WpmecSettings>().Parameters);
        Assert.Equal(new double[] { 1, 1.5, 1, 1.5, 1, 1.5 }, settings.System.Settings<WpmecSettings>().Weights);
        Assert.Equal("exhaustive", settings.Run.OracleFor(settings.System));
        Assert.IsType<WpmecModel>(settings.System.CreateSystemModel());
        // The networks see h * 1e6, as DROO feeds them.
        var normalizer = settings.CreateNormalizer();
        Span<float> input = stackalloc float[1];
        normalizer.Normalize([2.5e-6], input);
        Assert.Equal(2.5f, input[0], 6);
    }

    [Fact]
    public void Should_rebuild_a_wpmec_scenario_from_its_hocon_text_on_another_node()
    {
        var settings = Scenario.Load(null, [.. Wpmec, "ddlo.wpmec.weights=[1, 2, 3, 4, 5, 6]", "ddlo.wpmec.ap-power-w=4"]).Settings;

        var rebuilt = Scenario.SettingsFromHocon(settings.Hocon, "akka.tcp://ddlo@edge");

        Assert.Equal(string.Join(",", settings.System.Settings<WpmecSettings>().Weights), string.Join(",", rebuilt.System.Settings<WpmecSettings>().Weights));
        Assert.Equal(4, rebuilt.System.Settings<WpmecSettings>().Parameters.ApPowerW);
        Assert.Equal(1, rebuilt.System.TasksPerDevice);
    }

    [Theory]
    [InlineData("ddlo.system.uplink-mbps=100", "ddlo.system.uplink-mbps: this key configures the mumt model, but ddlo.system.model = wpmec")]
    [InlineData("ddlo.workload.max-mb=40", "ddlo.workload.max-mb: this key configures the mumt model, but ddlo.system.model = wpmec")]
    [InlineData("ddlo.system.tasks-per-device=2", "ddlo.system.tasks-per-device: a WPMEC device makes one decision per frame")]
    [InlineData("ddlo.wpmec.weights=[1, 1.5]", "ddlo.wpmec.weights: expected one weight per device: 6 (ddlo.system.devices), got 2")]
    [InlineData("ddlo.wpmec.weights=[1, 1, 1, 1, 1, -1]", "ddlo.wpmec.weights: expected a list of finite numbers >= 0")]
    [InlineData("ddlo.run.score-against-optimum=dual", "ddlo.run.score-against-optimum: dual scores MUMT; WPMEC scores against auto | exhaustive | coordinate-descent | off.")]
    [InlineData("ddlo.run.policy=dual", "ddlo.run.policy: dual is an MUMT baseline; WPMEC's are exhaustive | coordinate-descent | local | edge | random.")]
    [InlineData("ddlo.wpmec.channel.farthest-m=1", "ddlo.wpmec.channel.farthest-m: the farthest device (1 m) must not be nearer than the nearest (2.8 m")]
    public void Should_refuse_what_a_wpmec_scenario_cannot_mean_in_one_line(string set, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [.. Wpmec, set]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("--set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_exhaustive_scoring_beyond_twenty_devices()
    {
        var error = Assert.Throws<ScenarioException>(() =>
            Scenario.Load(null, ["ddlo.system.model=wpmec", "ddlo.system.devices=21", "ddlo.run.score-against-optimum=exhaustive"]));

        Assert.Contains("exhaustive scoring prices all 2^N modes, which needs N <= 20, but N = 21", error.Message, StringComparison.Ordinal);
        Assert.Equal("coordinate-descent", Scenario.Load(null, ["ddlo.system.model=wpmec", "ddlo.system.devices=21"]).Settings.Run.OracleFor(
            Scenario.Load(null, ["ddlo.system.model=wpmec", "ddlo.system.devices=21"]).Settings.System));
    }

    [Theory]
    [InlineData("ddlo.wpmec.ap-power-w=4", "ddlo.wpmec.ap-power-w: this key configures the wpmec model, but ddlo.system.model = mumt")]
    [InlineData("ddlo.run.score-against-optimum=coordinate-descent", "coordinate-descent scores WPMEC")]
    public void Should_refuse_wpmec_settings_in_an_mumt_scenario(string set, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [set]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_take_coordinate_descent_as_a_policy_of_every_model()
    {
        Assert.Equal("coordinate-descent", Scenario.Load(null, ["ddlo.run.policy=coordinate-descent"]).Settings.Run.Policy);
        Assert.Contains("coordinate-descent", Scenario.Default.Settings.System.CreateSystemModel().Baselines);
    }
}
