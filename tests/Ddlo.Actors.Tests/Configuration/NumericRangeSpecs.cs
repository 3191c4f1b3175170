using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Systems.Wpmec;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Configuration;

/// <summary>
/// A system model's constants are read within what its arithmetic holds (<see cref="NumericRange"/>): huge, tiny,
/// infinite and NaN values are refused naming the key; the bounds themselves are accepted.
/// </summary>
public sealed class NumericRangeSpecs
{
    private const string Wpmec = "ddlo.system.model=wpmec";
    private const string Lydroo = "ddlo.system.model=lydroo";

    public static TheoryData<string, string, string> OutOfRange() => new()
    {
        { Wpmec, "ddlo.wpmec.ap-power-w=1e308", "ddlo.wpmec.ap-power-w: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { Wpmec, "ddlo.wpmec.noise-w=1e-101", "ddlo.wpmec.noise-w: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { Wpmec, "ddlo.wpmec.energy-coefficient=NaN", "ddlo.wpmec.energy-coefficient: expected a finite number, got 'NaN'." },
        { Wpmec, "ddlo.wpmec.bandwidth-hz=Infinity", "ddlo.wpmec.bandwidth-hz: expected a finite number, got 'Infinity'." },
        { Wpmec, "ddlo.wpmec.weights=[0, 0, 0]", "ddlo.wpmec.weights: every weight is 0" },
        { Wpmec, "ddlo.wpmec.weights=[1, 1e101, 1]", "ddlo.wpmec.weights: expected a list of finite numbers >= 0, each 0 or of a size within [1E-100, 1E+100]" },
        { Wpmec, "ddlo.wpmec.weights=[1, -1, 1]", "ddlo.wpmec.weights: expected a list of finite numbers >= 0" },
        { Wpmec, "ddlo.wpmec.channel.carrier-hz=1e200", "ddlo.wpmec.channel.carrier-hz: expected a number whose size is 0 or within" },
        { Lydroo, "ddlo.lydroo.v=1e308", "ddlo.lydroo.v: expected a number whose size is 0 or within [1E-100, 1E+100]" },
        { Lydroo, "ddlo.lydroo.v=1e-300", "ddlo.lydroo.v: expected a number whose size is 0 or within" },
        { Lydroo, "ddlo.lydroo.weights=[0, 0, 0]", "ddlo.lydroo.weights: every weight is 0" },
        { Lydroo, "ddlo.lydroo.nu=1e150", "ddlo.lydroo.nu: expected a number whose size is 0 or within" },
        { Lydroo, "ddlo.arrivals.mean-mbit=1e101", "ddlo.arrivals.mean-mbit: expected a number whose size is 0 or within" },
        { "ddlo.system.model=mumt", "ddlo.system.uplink-mbps=1e308", "ddlo.system.uplink-mbps: expected a number whose size is 0 or within" },
        { "ddlo.system.model=mumt", "ddlo.system.beta=-Infinity", "ddlo.system.beta: expected a finite number, got '-Infinity'." },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Should_refuse_a_constant_the_arithmetic_cannot_hold_naming_the_key(string model, string pair, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [model, "ddlo.system.devices=3", pair]));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ddlo.wpmec.ap-power-w=1e100")]
    [InlineData("ddlo.wpmec.noise-w=1e-100")]
    [InlineData("ddlo.wpmec.weights=[0, 1e100, 1e-100]")]
    public void Should_accept_the_bounds_themselves(string pair)
    {
        var scenario = Scenario.Load(null, [Wpmec, "ddlo.system.devices=3", pair]);

        Assert.Equal(3, scenario.Settings.System.Settings<WpmecSettings>().Weights.Length);
    }

    [Theory]
    [InlineData("akka.remote.dot-netty.tcp.port=abc", "akka.remote.dot-netty.tcp.port: expected a port number in [0, 65535], got 'abc'.")]
    [InlineData("akka.remote.dot-netty.tcp.port=-1", "akka.remote.dot-netty.tcp.port: expected a port number in [0, 65535], got '-1'.")]
    [InlineData("akka.actor.serializers=5", "akka.actor.serializers: expected a block of settings { ... }")]
    [InlineData("akka.cluster.seed-nodes=\"akka.tcp://ddlo@127.0.0.1:4053\"", "akka.cluster.seed-nodes: expected a list [ ... ]")]
    [InlineData("akka.actor.default-dispatcher.throughput=1.5", "akka.actor.default-dispatcher.throughput: expected a whole number")]
    public void Should_refuse_an_akka_key_of_the_wrong_kind(string pair, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [pair]));

        Assert.StartsWith($"--set {pair}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("akka.remote.dot-netty.tcp.port=4053")]
    [InlineData("akka.cluster.seed-nodes=[\"akka.tcp://ddlo@127.0.0.1:4053\"]")]
    [InlineData("akka.cluster.role.learner.min-nr-of-members=2")]
    [InlineData("akka.actor.serializers.mine=\"MyLab.Serializer, MyLab\"")]
    public void Should_accept_akka_keys_of_the_kind_akka_defines(string pair)
    {
        var scenario = Scenario.Load(null, [pair]);

        Assert.True(scenario.Config.HasPath(pair.Split('=')[0]));
    }

    [Theory]
    [InlineData("ddlo { system { devices = 4 }, run { steps = 100 } }", 4, 100)]
    [InlineData("ddlo { learning { hidden-layers = [120, 80] }, run { steps = 7 }, system { devices = 2 }, }", 2, 7)]
    [InlineData("ddlo.system { devices = 5 }, ddlo.run { steps = 9 }", 5, 9)]
    [InlineData("ddlo { run { seed = 3, steps = 8 } # a comment, with } and ,\n, system { devices = 6 } }", 6, 8)]
    public void Should_read_fields_separated_by_commas_after_a_block(string text, int devices, long steps)
    {
        var scenario = Scenario.FromText(text, "commas.conf");

        Assert.Equal(devices, scenario.Settings.System.Devices);
        Assert.Equal(steps, scenario.Settings.Run.Steps);
    }

    [Fact]
    public void Should_keep_commas_inside_strings_and_lists()
    {
        var scenario = Scenario.FromText("ddlo { learning { hidden-layers = [30, 20] }, run { policy = \"ddlo\" } }", "lists.conf");

        Assert.Equal([30, 20], scenario.Settings.Learning.HiddenLayers.ToArray());
    }

    [Theory]
    [InlineData("ddlo.onnx.models=/a.onnx", "ddlo.onnx.models: expected a list of ONNX model paths such as [\"models/ddlo-0.onnx\"], got '/a.onnx' (a single path needs brackets too).")]
    [InlineData("ddlo.plugins=MyLab.dll", "ddlo.plugins: expected a list of assembly paths such as [\"plugins/MyLab.dll\"], got 'MyLab.dll' (a single path needs brackets too).")]
    public void Should_refuse_a_single_path_where_a_list_is_read(string pair, string message)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [pair]));

        Assert.Equal($"--set {pair}: {message}", error.Message);
    }

    [Fact]
    public void Should_name_the_first_figure_of_a_slot_that_is_not_finite()
    {
        var scored = new StepRecord(7, 10, 9, 12, 11, 0, 5, false, 100, 3) { Objective = Objective.Minimise };

        Assert.Null(scored.NotFinite());
        Assert.Null((scored with { OptimalQ = double.NaN, NetworkQ = double.NaN }).NotFinite());
        Assert.Equal("Q = Infinity", (scored with { Q = double.PositiveInfinity }).NotFinite());
        Assert.Equal("Q = NaN", (scored with { Q = double.NaN }).NotFinite());
        Assert.Equal("Q* = -Infinity", (scored with { OptimalQ = double.NegativeInfinity }).NotFinite());
        Assert.Equal("the gain ratio = Infinity", (scored with { Q = 0 }).NotFinite());
        Assert.Equal("the data queue = Infinity", (scored with { Queues = new QueueStats(double.PositiveInfinity, 0, 0, 0, 0, 0) }).NotFinite());
    }
}
