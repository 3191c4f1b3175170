using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems.Mumt;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Tests.Configuration;

public sealed class ScenarioSpecs : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-scenario-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Should_load_the_published_DDLO_setting_from_its_scenario_file()
    {
        var scenario = Scenario.Load(Path.Combine(AppContext.BaseDirectory, "hocon/scenarios/ddlo-reference.conf"));

        Assert.Equal(100, scenario.Settings.System.Settings<MumtSettings>().UplinkMbps);
        Assert.Equal(BandwidthPolicy.Equal, scenario.Settings.System.Settings<MumtSettings>().BandwidthPolicy);
        Assert.Equal(MecParameters.Paper.Alpha, scenario.Settings.System.Settings<MumtSettings>().Parameters.Alpha);
    }

    [Fact]
    public void Should_let_set_overrides_win_over_the_scenario_file()
    {
        string file = Write("a.conf", "ddlo.system { devices = 5, uplink-mbps = 60 }");

        var scenario = Scenario.Load(file, ["ddlo.system.uplink-mbps=80", "workload.max-mb=40"]);

        Assert.Equal(5, scenario.Settings.System.Devices);
        Assert.Equal(80, scenario.Settings.System.Settings<MumtSettings>().UplinkMbps);
        Assert.Equal(40, scenario.Settings.Workload.MaxMb);
        Assert.Equal(10, scenario.Settings.Workload.MinMb);
    }

    [Fact]
    public void Should_suggest_the_nearest_key_for_a_misspelt_one()
    {
        string file = Write("typo.conf", "ddlo.system.bandwith-policy = equal");

        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(file));

        Assert.Equal($"{file}: ddlo.system.bandwith-policy: unknown key (did you mean 'ddlo.system.bandwidth-policy'?).", error.Message);
    }

    [Fact]
    public void Should_name_the_file_that_set_a_bad_value_even_under_other_overrides()
    {
        string file = Write("bad.conf", "ddlo.workload { min-mb = 20, max-mb = 5 }");

        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(file, ["system.devices=2"]));

        Assert.Equal($"{file}: ddlo.workload.max-mb: expected a whole number in [20, 2147483646], got '5'.", error.Message);
    }

    [Fact]
    public void Should_refuse_an_unclosed_brace_with_its_line()
    {
        string file = Write("open.conf", "# a comment with a { brace\nddlo.system {\n  devices = 3\n");

        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(file));

        Assert.Equal($"{file}: not valid HOCON: line 2: '{{' is never closed.", error.Message);
    }

    [Fact]
    public void Should_pass_akka_keys_through_untouched()
    {
        string file = Write("akka.conf", "akka.loglevel = DEBUG");

        var scenario = Scenario.Load(file);

        Assert.Equal("DEBUG", scenario.Config.GetString("akka.loglevel"));
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Should_refuse_exhaustive_scoring_where_enumeration_is_impossible()
    {
        var error = Assert.Throws<ScenarioException>(() =>
            Scenario.Load(null, ["system.devices=10", "run.score-against-optimum=exhaustive"]));

        Assert.Equal("--set run.score-against-optimum=exhaustive: ddlo.run.score-against-optimum: exhaustive scoring needs N*M <= 24, but N*M = 30; use auto or dual.", error.Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_policy_with_the_valid_names()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["run.policy=greedy"]));

        Assert.Contains("ddlo.run.policy: unknown policy 'greedy' for the mumt model; expected one of: ddlo, exhaustive, dual, coordinate-descent, local, edge, random, onnx, remote", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run.faults.slow-dnn=5", "ddlo.run.faults.slow-dnn: there is no DNN 5 to slow: this run has 5 (0 to 4), or -1 for none.")]
    [InlineData("run.policy=local", "ddlo.run.faults.slow-dnn: only the learning DNNs (ddlo.run.policy = ddlo) can be slowed, and this run's policy is local; set -1.")]
    public void Should_refuse_a_slowed_network_that_is_not_there(string setting, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["run.faults.slow-dnn=1", setting]));

        Assert.EndsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_unknown_numerics_in_one_line_naming_the_key_and_the_modes()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["run.numerics=fast"]));

        Assert.Equal("--set run.numerics=fast: ddlo.run.numerics: expected one of portable | native, got 'fast'.", error.Message);
    }

    [Fact]
    public void Should_give_every_network_of_a_run_the_runs_numerics()
    {
        var settings = Scenario.Load(null, ["run.numerics=native", "learning.dnn-count=3"]).Settings;

        Assert.Equal(Ddlo.Learning.Numerics.Native, settings.Run.Numerics);
        Assert.All(Enumerable.Range(0, 3), k => Assert.Equal(Ddlo.Learning.Numerics.Native, settings.NetworkOptions(k).Numerics));
        Assert.Equal(Ddlo.Learning.Numerics.Native, Scenario.SettingsFromHocon(settings.Hocon, "edge").Run.Numerics);
    }

    [Fact]
    public void Should_give_a_learner_nodes_group_the_set_fraction_of_the_candidate_deadline()
    {
        var run = Scenario.Load(null, ["run.candidate-deadline=2s", "run.learner-group-send-at=0.5"]).Settings.Run;

        Assert.Equal(TimeSpan.FromSeconds(1), run.LearnerGroupDeadline);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.2")]
    public void Should_refuse_a_learner_group_send_at_outside_0_to_1_naming_the_key(string fraction)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [$"run.learner-group-send-at={fraction}"]));

        Assert.Contains("ddlo.run.learner-group-send-at: expected a fraction of ddlo.run.candidate-deadline in (0, 1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_rebuild_the_same_settings_from_its_hocon_text_on_another_node()
    {
        string file = Write("remote.conf", "ddlo.system { devices = 7, uplink-mbps = 321 }\nddlo.learning.hidden-layers = [64, 32]");
        var scenario = Scenario.Load(file, ["run.policy=dual", "learning.dnn-count=4"]);

        var rebuilt = Scenario.SettingsFromHocon(scenario.SettingsHocon, "edge");

        Assert.Equal(scenario.Settings.System, rebuilt.System);
        Assert.Equal(scenario.Settings.Workload, rebuilt.Workload);
        Assert.Equal(scenario.Settings.Run, rebuilt.Run);
        Assert.Equal(4, rebuilt.Learning.DnnCount);
        Assert.Equal([64, 32], rebuilt.Learning.HiddenLayers.ToArray());
        Assert.Equal("dual", rebuilt.Run.Policy);
    }

    [Fact]
    public void Should_let_a_later_override_win_over_an_earlier_one()
    {
        var scenario = Scenario.Load(null, ["run.steps=10", "run.steps=30"]);

        Assert.Equal(30, scenario.Settings.Run.Steps);
    }
}
