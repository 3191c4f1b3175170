using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems;
using Ddlo.Actors.Systems.Lydroo;
using Ddlo.Actors.Systems.Mumt;
using Ddlo.Actors.Systems.Wpmec;
using Ddlo.Core.Model;
using Ddlo.Learning.Candidates;
using Ddlo.Learning.Networks;

namespace Ddlo.Actors.Tests.Configuration;

/// <summary>Every default in reference.conf, asserted once; a key added without a spec here fails the count.</summary>
public sealed class ReferenceConfigSpecs
{
    private static readonly string[] AssertedKeys =
    [
        "ddlo.system.devices", "ddlo.system.tasks-per-device", "ddlo.system.uplink-mbps", "ddlo.system.bandwidth-policy",
        "ddlo.system.alpha", "ddlo.system.beta", "ddlo.system.local-energy-per-bit", "ddlo.system.local-time-per-bit",
        "ddlo.system.transmit-energy-per-bit", "ddlo.system.edge-cycles-per-bit", "ddlo.system.edge-clock-hz",
        "ddlo.workload.min-mb", "ddlo.workload.max-mb",
        "ddlo.channel.enabled", "ddlo.channel.fading", "ddlo.channel.rician-k", "ddlo.channel.path-loss-exponent",
        "ddlo.channel.reference-distance-m", "ddlo.channel.reference-snr-db", "ddlo.channel.nearest-m", "ddlo.channel.farthest-m",
        "ddlo.mobility.model", "ddlo.mobility.slot-seconds", "ddlo.mobility.min-speed-mps", "ddlo.mobility.max-speed-mps",
        "ddlo.mobility.pause-s", "ddlo.mobility.alpha", "ddlo.mobility.mean-speed-mps", "ddlo.mobility.speed-sd-mps",
        "ddlo.mobility.heading-sd-rad", "ddlo.mobility.half-side-m", "ddlo.mobility.trace",
        "ddlo.topology.layout", "ddlo.topology.cells", "ddlo.topology.spacing-m", "ddlo.topology.x-m", "ddlo.topology.y-m",
        "ddlo.topology.radius-m", "ddlo.topology.uplink-mbps", "ddlo.topology.edge-clock-hz", "ddlo.topology.gain-db", "ddlo.topology.radii-m",
        "ddlo.topology.uplinks-mbps", "ddlo.topology.edge-clocks-hz", "ddlo.topology.gains-db", "ddlo.topology.association", "ddlo.topology.hysteresis-db", "ddlo.topology.learners",
        "ddlo.topology.learner-copies", "ddlo.topology.averaging-rounds",
        "ddlo.learning.dnn-count", "ddlo.learning.hidden-layers", "ddlo.learning.learning-rate", "ddlo.learning.adam-beta1",
        "ddlo.learning.input-scale", "ddlo.learning.batch-size", "ddlo.learning.memory-size", "ddlo.learning.training-interval",
        "ddlo.learning.warmup", "ddlo.learning.architecture", "ddlo.learning.quantiser", "ddlo.learning.candidates-per-dnn",
        "ddlo.learning.adaptive-candidates", "ddlo.learning.adaptive-interval", "ddlo.learning.device-search-rounds",
        "ddlo.learning.device-search-role",
        "ddlo.run.steps", "ddlo.run.seed", "ddlo.run.policy", "ddlo.run.max-in-flight", "ddlo.run.score-against-optimum",
        "ddlo.run.candidate-deadline", "ddlo.run.solver-pool-size", "ddlo.run.rolling-window", "ddlo.run.checkpoint-interval",
        "ddlo.run.numerics", "ddlo.learning.staleness", "ddlo.run.faults.slow-dnn", "ddlo.run.faults.slow-dnn-max-pause",
        "ddlo.run.max-dnn-restarts", "ddlo.run.plugin-misses", "ddlo.run.plugin-start-timeout", "ddlo.run.faults.memory-fails-at", "ddlo.run.learner-group-send-at", "ddlo.results.figures.width", "ddlo.results.figures.height", "ddlo.results.figures.titles", "ddlo.results.figures.svg", "ddlo.plugins", "ddlo.onnx.models", "ddlo.remote-policy.address", "ddlo.system.model", "ddlo.learning.weight-decay", "ddlo.learning.optimizer-state", "ddlo.learning.initialisation",
        "ddlo.wpmec.ap-power-w", "ddlo.wpmec.harvesting-efficiency", "ddlo.wpmec.cycles-per-bit", "ddlo.wpmec.energy-coefficient",
        "ddlo.wpmec.noise-w", "ddlo.wpmec.bandwidth-hz", "ddlo.wpmec.overhead", "ddlo.wpmec.weights", "ddlo.wpmec.input-factor",
        "ddlo.wpmec.channel.antenna-gain", "ddlo.wpmec.channel.carrier-hz", "ddlo.wpmec.channel.path-loss-exponent",
        "ddlo.wpmec.channel.nearest-m", "ddlo.wpmec.channel.farthest-m",
        "ddlo.lydroo.v", "ddlo.lydroo.nu", "ddlo.lydroo.energy-budget-j", "ddlo.lydroo.weights", "ddlo.lydroo.cycles-per-bit",
        "ddlo.lydroo.energy-coefficient", "ddlo.lydroo.max-frequency-mhz", "ddlo.lydroo.max-power-w", "ddlo.lydroo.bandwidth-mhz",
        "ddlo.lydroo.overhead", "ddlo.lydroo.noise-dbm-per-hz", "ddlo.lydroo.input-factor", "ddlo.lydroo.queue-input-factor",
        "ddlo.lydroo.channel.antenna-gain", "ddlo.lydroo.channel.carrier-hz", "ddlo.lydroo.channel.path-loss-exponent",
        "ddlo.lydroo.channel.nearest-m", "ddlo.lydroo.channel.farthest-m", "ddlo.lydroo.channel.line-of-sight",
        "ddlo.arrivals.process", "ddlo.arrivals.mean-mbit", "ddlo.arrivals.tasks-per-frame", "ddlo.arrivals.task-min-mbit",
        "ddlo.arrivals.task-max-mbit", "ddlo.arrivals.min-mbit", "ddlo.arrivals.max-mbit", "ddlo.arrivals.trace",
        "ddlo.system.models.mumt", "ddlo.system.models.wpmec", "ddlo.system.models.lydroo",
        "ddlo.results.decisions",
    ];

    [Fact]
    public void Should_register_the_three_models_each_owning_its_own_block()
    {
        var models = SystemModels.BuiltIn;

        Assert.Equal(["mumt", "wpmec", "lydroo"], models.Select(m => m.Name));
        Assert.Equal([typeof(MumtDefinition), typeof(WpmecDefinition), typeof(LydrooDefinition)], models.Select(m => m.GetType()));
        Assert.Equal("Ddlo.Actors.Systems.Mumt.MumtDefinition, Ddlo.Actors", Scenario.ReferenceConfig.GetString("ddlo.system.models.mumt"));
        Assert.Same(models[0], models.Default);
        Assert.Equal(
            [
                "ddlo.system.uplink-mbps", "ddlo.system.bandwidth-policy", "ddlo.system.alpha", "ddlo.system.beta",
                "ddlo.system.local-energy-per-bit", "ddlo.system.local-time-per-bit", "ddlo.system.transmit-energy-per-bit",
                "ddlo.system.edge-cycles-per-bit", "ddlo.system.edge-clock-hz",
                "ddlo.channel.enabled", "ddlo.channel.fading", "ddlo.channel.rician-k", "ddlo.channel.path-loss-exponent",
                "ddlo.channel.reference-distance-m", "ddlo.channel.reference-snr-db", "ddlo.channel.nearest-m", "ddlo.channel.farthest-m",
                "ddlo.mobility.model", "ddlo.mobility.slot-seconds", "ddlo.mobility.min-speed-mps", "ddlo.mobility.max-speed-mps",
                "ddlo.mobility.pause-s", "ddlo.mobility.alpha", "ddlo.mobility.mean-speed-mps", "ddlo.mobility.speed-sd-mps",
                "ddlo.mobility.heading-sd-rad", "ddlo.mobility.half-side-m", "ddlo.mobility.trace",
                "ddlo.topology.layout", "ddlo.topology.cells", "ddlo.topology.spacing-m", "ddlo.topology.x-m", "ddlo.topology.y-m",
                "ddlo.topology.radius-m", "ddlo.topology.uplink-mbps", "ddlo.topology.edge-clock-hz", "ddlo.topology.gain-db", "ddlo.topology.radii-m",
                "ddlo.topology.uplinks-mbps", "ddlo.topology.edge-clocks-hz", "ddlo.topology.gains-db", "ddlo.topology.association", "ddlo.topology.hysteresis-db", "ddlo.topology.learners",
                "ddlo.topology.learner-copies", "ddlo.topology.averaging-rounds",
                "ddlo.workload.min-mb", "ddlo.workload.max-mb", "ddlo.learning.input-scale",
            ],
            models.KeysOf(models[0]));
        Assert.All(models.KeysOf(models[1]), key => Assert.StartsWith("ddlo.wpmec.", key, StringComparison.Ordinal));
        Assert.Equal(14, models.KeysOf(models[1]).Count);
        Assert.All(models.KeysOf(models[2]), key => Assert.True(key.StartsWith("ddlo.lydroo.", StringComparison.Ordinal) || key.StartsWith("ddlo.arrivals.", StringComparison.Ordinal), key));
        Assert.Equal(27, models.KeysOf(models[2]).Count);
    }

    [Fact]
    public void Should_assert_every_key_of_reference_conf()
    {
        Assert.Equal(AssertedKeys.Order(StringComparer.Ordinal), Scenario.KnownKeys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_default_to_the_papers_system()
    {
        var system = DdloSettings.Default.System;
        var mumt = system.Settings<MumtSettings>();

        Assert.Equal(3, system.Devices);
        Assert.Equal(3, system.TasksPerDevice);
        Assert.Equal(150, mumt.UplinkMbps);
        Assert.Equal(BandwidthPolicy.Optimal, mumt.BandwidthPolicy);
        Assert.Equal(18.75, mumt.Parameters.UplinkMBps);
        Assert.Equal(1.5e-7, mumt.Parameters.Alpha);
        Assert.Equal(1.0, mumt.Parameters.Beta);
        Assert.Equal(3.25e-7, mumt.Parameters.LocalEnergyPerBit);
        Assert.Equal(4.75e-7, mumt.Parameters.LocalTimePerBit);
        Assert.Equal(1.42e-7, mumt.Parameters.TransmitEnergyPerBit);
        Assert.Equal(1900, mumt.Parameters.EdgeCyclesPerBit);
        Assert.Equal(10e9, mumt.Parameters.EdgeClockHz);
        Assert.Equal(MecParameters.Paper, mumt.Parameters);
        Assert.Equal("mumt", system.Model);
        Assert.IsType<MumtDefinition>(system.Definition);
    }

    [Fact]
    public void Should_default_to_no_channel_and_when_on_to_the_channel_settings_defaults()
    {
        Assert.Null(DdloSettings.Default.System.Settings<MumtSettings>().Channel);
        Assert.Null(DdloSettings.Default.System.Settings<MumtSettings>().Mobility);
        var moving = Scenario.Load(null, ["ddlo.channel.enabled=on", "ddlo.mobility.model=random-waypoint"]).Settings.System.Settings<MumtSettings>().Mobility;
        Assert.Equal(new Ddlo.Core.Mobility.MobilitySettings(Ddlo.Core.Mobility.MobilityModel.RandomWaypoint), moving);

        var on = Scenario.Load(null, ["ddlo.channel.enabled=on"]).Settings.System.Settings<MumtSettings>();

        Assert.Equal(new Ddlo.Core.Channels.ChannelSettings(), on.Channel);
        Assert.Equal((Ddlo.Core.Channels.Fading.Rayleigh, 3.0, 3.0, 100.0, 20.0, 20.0, 200.0),
            (on.Channel!.Fading, on.Channel.RicianK, on.Channel.PathLossExponent, on.Channel.ReferenceDistanceM, on.Channel.ReferenceSnrDb, on.Channel.NearestM, on.Channel.FarthestM));
    }

    [Fact]
    public void Should_default_the_wpmec_block_to_droos_published_system()
    {
        var wpmec = Scenario.Load(null, ["ddlo.system.model=wpmec", "ddlo.system.devices=10"]).Settings.System.Settings<WpmecSettings>();

        Assert.Equal(Ddlo.Core.Wpmec.WpmecParameters.Paper, wpmec.Parameters);
        Assert.Equal(Ddlo.Core.Wpmec.WpmecParameters.DefaultWeights(10), wpmec.Weights);
        Assert.Equal(new Ddlo.Core.Wpmec.WpmecChannel(), wpmec.Channel);
        Assert.Equal(1e6, wpmec.InputFactor);
    }

    [Fact]
    public void Should_default_the_lydroo_blocks_to_the_authors_system_and_arrivals()
    {
        var lydroo = Scenario.Load(null, ["ddlo.system.model=lydroo", "ddlo.system.devices=10"]).Settings.System.Settings<LydrooSettings>();

        Assert.Equal(Ddlo.Core.Lyapunov.LyapunovParameters.Paper, lydroo.System.Parameters);
        Assert.Equal(Ddlo.Core.Lyapunov.LyapunovSettings.Paper(10) with { Weights = lydroo.System.Weights }, lydroo.System);
        Assert.Equal("1.5,1,1.5,1,1.5,1,1.5,1,1.5,1", string.Join(",", lydroo.System.Weights));
        Assert.Equal((1e10, 1e-4), (lydroo.InputFactor, lydroo.QueueInputFactor));
        Assert.Equal(("exponential", 3.0, "none"), (lydroo.Arrivals.Process, lydroo.Arrivals.MeanMbit, lydroo.Arrivals.Trace));
        Assert.Equal(Initialisation.Ddlo, DdloSettings.Default.Learning.Initialisation);
        Assert.Equal((3.0, 0.5, 1.5, 2.0, 4.0), (lydroo.Arrivals.TasksPerFrame, lydroo.Arrivals.TaskMinMbit, lydroo.Arrivals.TaskMaxMbit, lydroo.Arrivals.MinMbit, lydroo.Arrivals.MaxMbit));
    }

    [Fact]
    public void Should_load_no_plugins_onnx_models_or_remote_policy_and_let_the_learning_dnns_decide_by_default()
    {
        var settings = DdloSettings.Default;

        Assert.Empty(settings.Plugins);
        Assert.Empty(settings.OnnxModels);
        Assert.Null(settings.RemoteAddress);
        Assert.False(settings.Run.IsRemote);
        Assert.Equal(settings.Learning.DnnCount, settings.Proposers);
        Assert.Empty(settings.PolicyOptions);
        Assert.Equal("ddlo", settings.Run.PolicyName);
        Assert.False(settings.Run.IsPlugin);
        Assert.False(settings.Run.PolicyLearns);
    }

    [Fact]
    public void Should_draw_task_sizes_from_10_to_30_MB_by_default()
    {
        Assert.Equal(new WorkloadSettings(10, 30), DdloSettings.Default.Workload);
    }

    [Fact]
    public void Should_default_to_the_published_DDLO_learning_setup()
    {
        var learning = DdloSettings.Default.Learning;

        Assert.Equal(5, learning.DnnCount);
        Assert.Equal([120, 80], learning.HiddenLayers.ToArray());
        Assert.Equal(0.01, learning.LearningRate);
        Assert.Equal(0.09, learning.AdamBeta1);
        Assert.Equal(100, learning.InputScale);
        Assert.Equal(128, learning.BatchSize);
        Assert.Equal(1024, learning.MemorySize);
        Assert.Equal(10, learning.TrainingInterval);
        Assert.Equal(512, learning.Warmup);
    }

    [Fact]
    public void Should_default_to_the_papers_network_and_one_threshold_candidate_per_network_without_search()
    {
        var learning = DdloSettings.Default.Learning;

        Assert.Equal(NetworkArchitecture.Full, learning.Architecture);
        Assert.Equal(Quantiser.Threshold, learning.Quantiser);
        Assert.Equal(1, learning.CandidatesPerDnn);
        Assert.False(learning.AdaptiveCandidates);
        Assert.Equal(32, learning.AdaptiveInterval);
        Assert.Equal(0, learning.DeviceSearchRounds);
        Assert.False(learning.SearchTeaches);
        Assert.Equal(0, learning.Staleness);
    }

    [Fact]
    public void Should_default_to_a_sequential_20000_step_run_scored_when_small()
    {
        var run = DdloSettings.Default.Run;

        Assert.Equal(20_000, run.Steps);
        Assert.Equal(1, run.Seed);
        Assert.Equal(1, run.MaxInFlight);
        Assert.Equal("ddlo", run.Policy);
        Assert.True(run.Learns);
        Assert.Equal(ScoringMode.Auto, run.Scoring);
        var system = DdloSettings.Default.System;
        Assert.Equal("exhaustive", run.OracleFor(system with { Devices = 16, TasksPerDevice = 1 }));
        Assert.Equal("dual", run.OracleFor(system with { Devices = 17, TasksPerDevice = 1 }));
        Assert.Equal(TimeSpan.FromSeconds(5), run.CandidateDeadline);
        Assert.Equal(2, run.SolverPoolSize);
        Assert.Equal(200, run.RollingWindow);
        Assert.Equal(5000, run.CheckpointInterval);
        Assert.Equal(100, run.MaxDnnRestarts);
        Assert.Equal(0.8, run.LearnerGroupSendAt);
        Assert.Equal(TimeSpan.FromSeconds(4), run.LearnerGroupDeadline);
        Assert.Equal(Ddlo.Learning.Numerics.Portable, run.Numerics);
        Assert.Equal(-1, run.SlowDnn);
        Assert.Equal(TimeSpan.FromMilliseconds(2), run.SlowDnnMaxPause);
        Assert.Equal(TimeSpan.Zero, run.MaxPauseOf(0));
        Assert.Equal(3, run.PluginMisses);
        Assert.Equal(TimeSpan.FromSeconds(60), run.PluginStartTimeout);
        Assert.Equal(-1, run.MemoryFailsAt);
        Assert.Equal(new FigureSettings(1000, 560, Titles: true, Svg: true), DdloSettings.Default.Results.Figures);
        Assert.Equal(FigureSettings.Default, DdloSettings.Default.Results.Figures);
    }

    [Fact]
    public void Should_write_no_decisions_file_by_default_and_refuse_a_switch_that_is_neither_on_nor_off()
    {
        Assert.False(DdloSettings.Default.Results.Decisions);
        Assert.True(Scenario.Load(null, ["ddlo.results.decisions=on"]).Settings.Results.Decisions);

        var refused = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.results.decisions=yes please"]));

        Assert.Contains("ddlo.results.decisions", refused.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of on | off, got 'yes please'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
