using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Simulation;

/// <summary>
/// Slots in flight change the speed, never the numbers: a run with F slots in flight and one network slowed at random
/// (an injected fault: it blocks its actor, so its training rounds queue up behind it) decides every slot as the
/// sequential loop with the same staleness does, every field of every step but the wall-clock ones, and trains the
/// same losses.
/// </summary>
public sealed class PipelineDeterminismSpecs
{
    private static readonly string[] Base = ["ddlo.run.steps=700", "ddlo.learning.dnn-count=3", "ddlo.learning.warmup=100", "ddlo.run.seed=6"];

    private static readonly string[] Wpmec =
    [
        "ddlo.system.model=wpmec", "ddlo.system.devices=6", "ddlo.learning.quantiser=order-preserving", "ddlo.learning.candidates-per-dnn=6",
        "ddlo.learning.adaptive-candidates=on", "ddlo.learning.adaptive-interval=8", "ddlo.learning.optimizer-state=per-round",
    ];

    private static readonly string[] Lydroo =
    [
        "ddlo.system.model=lydroo", "ddlo.system.devices=5", "ddlo.learning.quantiser=noisy-order-preserving", "ddlo.learning.candidates-per-dnn=5",
        "ddlo.learning.adaptive-candidates=on", "ddlo.learning.optimizer-state=per-round",
    ];

    private static readonly string[] PerDevice =
    [
        "ddlo.system.devices=12", "ddlo.run.score-against-optimum=off", "ddlo.learning.architecture=per-device", "ddlo.learning.hidden-layers=[32,32]",
        "ddlo.learning.training-interval=3", "ddlo.learning.device-search-rounds=1",
    ];

    [Theory]
    [InlineData("mumt", 0, 4)]
    [InlineData("mumt", 3, 4)]
    [InlineData("mumt", 7, 8)]
    [InlineData("mumt", 2, 8)]
    [InlineData("per-device", 5, 4)]
    [InlineData("wpmec", 3, 4)]
    [InlineData("lydroo", 0, 4)]
    [InlineData("lydroo", 3, 8)]
    public async Task Should_decide_with_slots_in_flight_and_a_slowed_network_exactly_as_the_sequential_loop(string model, int staleness, int inFlight)
    {
        string[] settings = [.. Base, .. Model(model), $"ddlo.learning.staleness={staleness}"];
        var sequential = await SimulationRunner.RunAsync(Scenario.Load(null, [.. settings, "ddlo.run.max-in-flight=1"]));
        var pipelined = await SimulationRunner.RunAsync(Scenario.Load(null, [
            .. settings, $"ddlo.run.max-in-flight={inFlight}", "ddlo.run.faults.slow-dnn=1", "ddlo.run.faults.slow-dnn-max-pause=3ms"]));

        Assert.Equal(0, pipelined.DegradedSlots);
        Assert.Equal(sequential.Steps.Select(s => s.WithoutTiming()), pipelined.Steps.Select(s => s.WithoutTiming()));
        // As arrays: ImmutableArray's own equality compares references.
        Assert.Equal(sequential.Losses.ToArray(), pipelined.Losses.ToArray());
        Assert.NotEmpty(sequential.Losses);
    }

    [Fact]
    public async Task Should_decide_otherwise_with_another_staleness_so_the_setting_is_not_ignored()
    {
        var fresh = await SimulationRunner.RunAsync(Scenario.Load(null, [.. Base, "ddlo.run.max-in-flight=4"]));
        var stale = await SimulationRunner.RunAsync(Scenario.Load(null, [.. Base, "ddlo.run.max-in-flight=4", "ddlo.learning.staleness=3"]));

        Assert.NotEqual(fresh.Steps.Select(s => s.WithoutTiming()), stale.Steps.Select(s => s.WithoutTiming()));
        // Before the first training round (warm-up 100) there is nothing to be stale about.
        Assert.Equal(fresh.Steps.Take(100).Select(s => s.WithoutTiming()), stale.Steps.Take(100).Select(s => s.WithoutTiming()));
    }

    /// <summary>
    /// A search that teaches changes what decides the slot, never what the networks learn: each slot is decided by the
    /// candidate the deciding search started from, and the search finds what it found there, with slots in flight too;
    /// MUMT's device search and WPMEC's coordinate descent alike.
    /// </summary>
    [Theory]
    [InlineData("per-device")]
    [InlineData("wpmec")]
    public async Task Should_decide_by_the_networks_what_a_deciding_search_started_from_when_the_search_only_teaches(string model)
    {
        string[] settings = [.. Base, .. Model(model), "ddlo.learning.device-search-rounds=2", "ddlo.learning.staleness=3"];
        var deciding = await SimulationRunner.RunAsync(Scenario.Load(null, [.. settings, "ddlo.run.max-in-flight=1"]));
        var teaching = await SimulationRunner.RunAsync(Scenario.Load(null, [.. settings, "ddlo.run.max-in-flight=4", "ddlo.learning.device-search-role=teach"]));

        Assert.Equal(0, teaching.DegradedSlots);
        Assert.Equal(deciding.Steps.Select(s => s.NetworkQ), teaching.Steps.Select(s => s.Q));
        Assert.Equal(deciding.Steps.Select(s => s.Q), teaching.Steps.Select(s => s.SearchQ));
        Assert.Equal(deciding.Steps.Select(s => s.Priced), teaching.Steps.Select(s => s.Priced));
        Assert.Equal(deciding.Losses.ToArray(), teaching.Losses.ToArray());
        // The search found better decisions than the networks' somewhere, so the two roles did differ.
        Assert.Contains(teaching.Steps, s => s.SearchQ != s.Q);
    }

    private static string[] Model(string model) => model switch
    {
        "wpmec" => Wpmec,
        "lydroo" => Lydroo,
        "per-device" => PerDevice,
        _ => [],
    };
}
