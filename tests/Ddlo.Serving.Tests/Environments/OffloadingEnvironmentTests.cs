using System.Text.Json;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Model;
using Ddlo.Serving.Environments;

namespace Ddlo.Serving.Tests.Environments;

/// <summary>One environment as plain state: its slots, its prices and its episode, with no server.</summary>
public sealed class OffloadingEnvironmentTests
{
    private const string Wpmec = "hocon/scenarios/droo-wpmec-10.conf";

    [Fact]
    public void Should_price_a_decision_to_the_bit_as_solve_does_and_reward_minus_Q()
    {
        var environment = Open(Scenario.Load(null));
        var workload = environment.Reset(3);
        byte[] bits = [0, 0, 1, 1, 0, 0, 1, 1, 0];

        var outcome = environment.Step(bits);

        var solved = Solve(environment, workload, "001100110");
        Assert.Equal(solved.GetProperty("q").GetDouble(), outcome.Value);
        Assert.Equal(-solved.GetProperty("q").GetDouble(), outcome.Reward);
        Assert.Equal(solved.GetProperty("bandwidth").EnumerateArray().Select(b => b.GetDouble()), outcome.Allocation);
        Assert.Equal(Scenario.Load(null).Settings.System.CreateSystemModel().CreateOracle("exhaustive").OptimalQ(0, workload), outcome.Optimum);
        Assert.Equal(outcome.Optimum / outcome.Value, outcome.GainRatio);
    }

    [Fact]
    public void Should_reward_the_computation_rate_of_a_wpmec_frame_as_solve_prices_it()
    {
        var environment = Open(Scenario.Load(Wpmec));
        var gains = environment.Reset(7);
        byte[] mode = [1, 0, 1, 0, 1, 0, 0, 1, 1, 0];

        var outcome = environment.Step(mode);

        var solved = Solve(environment, gains, "1010100110");
        Assert.Equal(solved.GetProperty("rate_bits_per_second").GetDouble(), outcome.Reward);
        Assert.Equal(solved.GetProperty("offload_times").EnumerateArray().Select(t => t.GetDouble()), outcome.Allocation);
        Assert.True(outcome.GainRatio is > 0 and <= 1, $"gain ratio {outcome.GainRatio}");
        Assert.Equal(10, environment.Spec.ObservationSize);
    }

    [Fact]
    public void Should_give_the_same_slots_for_the_same_seed_and_other_slots_for_another()
    {
        var first = Open(Scenario.Load(null));
        var second = Open(Scenario.Load(null));

        var a = Slots(first, 5, 4);
        var b = Slots(second, 5, 4);
        var c = Slots(second, 6, 4);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Should_take_the_run_seed_on_a_first_reset_that_names_none()
    {
        var seeded = Open(Scenario.Load(null, ["run.seed=11"]));
        var unseeded = Open(Scenario.Load(null, ["run.seed=11"]));

        Assert.Equal(seeded.Reset(11).Sizes.ToArray(), unseeded.Reset(null).Sizes.ToArray());
    }

    [Fact]
    public void Should_truncate_at_the_run_steps_then_refuse_a_step_until_reset()
    {
        var environment = Open(Scenario.Load(null, ["run.steps=2"]));
        environment.Reset(1);
        byte[] bits = new byte[9];

        var first = environment.Step(bits);
        var last = environment.Step(bits);
        var refused = Assert.Throws<EnvironmentException>(() => environment.Step(bits));

        Assert.False(first.Truncated);
        Assert.True(last.Truncated);
        Assert.Equal(1, last.Slot);
        Assert.Equal(EnvironmentError.FailedPrecondition, refused.Error);
        Assert.Contains("episode ended at step 2 (ddlo.run.steps; truncated); reset it", refused.Message, StringComparison.Ordinal);
        Assert.Equal(last.Next.Sizes.ToArray(), environment.Reset(null).Sizes.ToArray());
        Assert.Equal(0, environment.Step(bits).Slot);
    }

    [Fact]
    public void Should_refuse_a_step_before_reset_and_a_decision_that_is_not_bits()
    {
        var environment = Open(Scenario.Load(null));

        var early = Assert.Throws<EnvironmentException>(() => environment.Step(new byte[9]));
        environment.Reset(1);
        var shortOne = Assert.Throws<EnvironmentException>(() => environment.Step(new byte[8]));
        var two = Assert.Throws<EnvironmentException>(() => environment.Step([0, 0, 2, 0, 0, 0, 0, 0, 0]));

        Assert.Equal(EnvironmentError.FailedPrecondition, early.Error);
        Assert.Equal("environment 1: step before reset; reset it first.", early.Message);
        Assert.Equal(EnvironmentError.InvalidArgument, shortOne.Error);
        Assert.Equal("environment 1: a decision needs 9 bits (N*M), got 8.", shortOne.Message);
        Assert.Equal("environment 1: decision bit 2 is 2; expected 0 (local) or 1 (offload).", two.Message);
    }

    [Fact]
    public void Should_leave_the_optimum_and_gain_unscored_when_the_scenario_scores_nothing()
    {
        var environment = Open(Scenario.Load(null, ["run.score-against-optimum=off"]));
        environment.Reset(1);

        var outcome = environment.Step(new byte[9]);

        Assert.Null(environment.Spec.Oracle);
        Assert.True(double.IsNaN(outcome.Optimum));
        Assert.True(double.IsNaN(outcome.GainRatio));
    }

    [Fact]
    public void Should_carry_a_lydroo_environments_queues_from_step_to_step_and_restart_them_with_a_seed()
    {
        var scenario = Scenario.Load("hocon/scenarios/lydroo-10.conf");
        var environment = Open(scenario);
        var model = scenario.Settings.System.CreateSystemModel();
        byte[] local = new byte[10];

        var first = environment.Reset(2);
        var steps = Enumerable.Range(0, 4).Select(_ => environment.Step(local)).ToList();

        Assert.Equal((2, 30), (environment.Spec.ContextFeatures, environment.Spec.ObservationSize));
        Assert.Equal(30, first.NetworkInputs.Length);
        Assert.All(first.Context, queue => Assert.Equal(0, queue));
        // Each step is priced on the slot it observed, queues included; and the queues move (data arrives, local work spends energy).
        var observed = first;
        foreach (var step in steps)
        {
            Assert.Equal(model.Allocate(observed, Ddlo.Core.Model.OffloadDecision.FromBits(new bool[10])).Value, step.Value);
            observed = step.Next;
        }

        Assert.Contains(steps[^1].Next.Context.Take(10), data => data > 0);
        Assert.Contains(steps[^1].Next.Context.Skip(10), energy => energy > 0);
        // A seed restarts the workloads and the queues: the same episode again.
        Assert.Equal(first, environment.Reset(2));
        Assert.Equal(steps.Select(s => s.Value), Enumerable.Range(0, 4).Select(_ => environment.Step(local).Value));
    }

    [Fact]
    public void Should_observe_each_devices_rate_with_uplink_channels_and_price_with_it_as_the_actors_do()
    {
        var scenario = Scenario.Load(null, ["ddlo.channel.enabled=on", "ddlo.channel.fading=rician"]);
        var environment = Open(scenario);
        var mumt = scenario.Settings.System.Settings<Ddlo.Actors.Systems.Mumt.MumtSettings>();
        var model = mumt.CreateModel();
        var channels = Enumerable.Range(0, 3).Select(n => mumt.CreateChannel(n, 4)).ToArray();
        byte[] bits = [1, 0, 1, 1, 1, 0, 0, 1, 1];

        var observed = environment.Reset(4);
        Assert.Equal((1, 12), (environment.Spec.ContextFeatures, environment.Spec.ObservationSize));
        var atPapersRate = new List<double>();
        var values = new List<double>();
        for (int t = 0; t < 20; t++)
        {
            // The rates a device actor of the same run seed would report, slot by slot.
            Assert.Equal(channels.Select(c => c.RateScaleFor(t)), observed.Context);
            var step = environment.Step(bits);
            var decision = OffloadDecision.FromBits(bits.Select(b => b == 1));
            Assert.Equal(model.Allocate(observed, decision).Value, step.Value);
            Assert.Equal(new Ddlo.Core.Search.ExhaustiveSearch(model).Solve(observed).Q, step.Optimum);
            atPapersRate.Add(model.Allocate(Workload.Create(3, 3, observed.Sizes), decision).Value);
            values.Add(step.Value);
            observed = step.Next;
        }

        // When the uplink is not scarce the rate does not matter; over 20 slots it does.
        Assert.NotEqual(atPapersRate, values);
    }

    [Fact]
    public void Should_observe_each_devices_rate_then_class_factors_feature_major_as_the_actors_report_them()
    {
        var scenario = Scenario.Load(null, [
            "ddlo.channel.enabled=on", "ddlo.device-classes.a.share=0.67", "ddlo.device-classes.b.share=0.33",
            "ddlo.device-classes.b.local-time-per-bit=9.5e-7", "ddlo.device-classes.b.transmit-energy-per-bit=7.1e-8"]);
        var environment = Open(scenario);
        var mumt = scenario.Settings.System.Settings<Ddlo.Actors.Systems.Mumt.MumtSettings>();
        var contexts = Enumerable.Range(0, 3).Select(n => mumt.CreateContext(n, 3, 9)).ToArray();

        var observed = environment.Reset(9);
        var expected = contexts.Select(c => c.ContextFor(0)).ToArray();

        Assert.Equal((4, 21), (environment.Spec.ContextFeatures, environment.Spec.ObservationSize));
        Assert.Equal(Enumerable.Range(0, 4).SelectMany(f => expected.Select(e => e[f])), observed.Context);
        // Device 2 is the one of class b: twice the time per bit, half the transmit energy.
        Assert.Equal((1.0, 1.0, 1.0), (observed.Context[3], observed.Context[6], observed.Context[9]));
        Assert.Equal((2.0, 1.0, 0.5), (observed.Context[5], observed.Context[8], observed.Context[11]));
        Assert.Equal(scenario.Settings.System.CreateSystemModel().Allocate(observed, OffloadDecision.Uniform(9, offload: true)).Value, environment.Step(Enumerable.Repeat((byte)1, 9).ToArray()).Value);
    }

    private static OffloadingEnvironment Open(Scenario scenario) => new(1, EnvironmentTemplate.From(scenario));

    private static List<double[]> Slots(OffloadingEnvironment environment, int seed, int count)
    {
        var slots = new List<double[]> { environment.Reset(seed).Sizes.ToArray() };
        byte[] bits = new byte[environment.Spec.DecisionSize];
        for (int t = 1; t < count; t++)
        {
            slots.Add(environment.Step(bits).Next.Sizes.ToArray());
        }

        return slots;
    }

    /// <summary>What <c>ddlo solve --json</c> prints for the workload and decision: the system's own slot solver.</summary>
    internal static JsonElement Solve(OffloadingEnvironment environment, Workload workload, string decision) =>
        SolveJson.Of(environment.Spec.Scenario == "default (reference.conf)" ? Scenario.Load(null) : Scenario.Load(environment.Spec.Scenario), workload.Sizes.ToArray(), decision);
}
