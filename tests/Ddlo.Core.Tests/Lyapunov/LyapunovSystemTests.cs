using Ddlo.Core.Arrivals;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Core.Tests.Lyapunov;

/// <summary>LyDROO's queues over time with modes chosen by the exact critic (coordinate descent): the reference loop without actors.</summary>
public sealed class LyapunovSystemTests
{
    private const int Frames = 1200;

    private static LyapunovSystem Create(double v, int devices = 10) =>
        new(LyapunovSettings.Paper(devices) with { V = v },
            [.. Enumerable.Range(0, devices).Select(i => new ExponentialArrivals(3, new ReplayableRandom(1000 + i)))], runSeed: 1);

    private static List<LyapunovFrame> Run(LyapunovSystem system) =>
        [.. Enumerable.Range(0, Frames).Select(f => system.Step(f, (h, q, y) => system.BestMode(h, q, y, exhaustive: false)))];

    [Fact]
    public void Should_update_both_queues_from_each_frames_service_energy_and_arrivals()
    {
        var system = Create(20);
        var frames = Run(system).Take(50).ToList();

        for (int t = 1; t < frames.Count; t++)
        {
            var before = frames[t - 1];
            for (int i = 0; i < system.Devices; i++)
            {
                Assert.Equal(Math.Max(before.DataQueues[i] + before.Arrived[i] - before.Allocation.Bits[i], 0), frames[t].DataQueues[i], 12);
                Assert.Equal(Math.Max(before.EnergyQueues[i] + (1000 * (before.Allocation.Energy[i] - 0.08)), 0), frames[t].EnergyQueues[i], 9);
                Assert.True(before.Allocation.Bits[i] <= before.DataQueues[i] + 1e-9, "a device served more than it held");
            }
        }
    }

    [Fact]
    public void Should_serve_what_arrives_within_the_energy_budget_in_the_long_run()
    {
        var tail = Run(Create(20)).Skip(Frames / 2).ToList();

        double arrived = tail.Average(f => f.Arrived.Average());
        double served = tail.Average(f => f.Allocation.Bits.Average());
        double energy = tail.Average(f => f.Allocation.Energy.Average());
        // Stable data queues (service keeps up with 3 Mbit a frame) and the virtual queue holding energy to 0.08 J a frame.
        Assert.InRange(served / arrived, 0.97, 1.03);
        Assert.InRange(energy, 0.07, 0.084);
    }

    [Fact]
    public void Should_trade_a_longer_energy_queue_for_more_weight_on_service_as_v_grows()
    {
        var low = Run(Create(5)).Skip(Frames / 2).ToList();
        var high = Run(Create(80)).Skip(Frames / 2).ToList();

        // Lyapunov's [O(1/V), O(V)] trade-off: the virtual energy queue grows with V, and the data queues shrink.
        Assert.True(high.Average(f => f.EnergyQueues.Average()) > low.Average(f => f.EnergyQueues.Average()), "Y did not grow with V");
        Assert.True(high.Average(f => f.DataQueues.Average()) < low.Average(f => f.DataQueues.Average()), "Q did not shrink with V");
    }

    [Fact]
    public void Should_find_with_coordinate_descent_a_mode_no_better_than_exhaustive_search()
    {
        var system = Create(20, devices: 8);
        for (int f = 0; f < 30; f++)
        {
            double[] gains = system.DrawGains();
            var q = system.DataQueues.ToArray();
            var y = system.EnergyQueues.ToArray();
            double Value(bool[] m) => system.Critic.Solve(gains, q, y, system.Settings.Weights.AsSpan(), 20, m).Objective;
            var descent = system.BestMode(gains, [.. q], [.. y], exhaustive: false);
            var best = system.BestMode(gains, [.. q], [.. y], exhaustive: true);

            Assert.True(Value(descent) <= Value(best) + 1e-9);
            system.Step(f, (_, _, _) => best);
        }
    }

    [Fact]
    public void Should_improve_a_lydroo_mode_from_a_start_as_its_coordinate_descent_does_and_count_its_search_as_the_policy_does()
    {
        var model = new LydrooModel(LyapunovSettings.Paper(6));
        var workload = Workload.Create(6, 1, [2e-6, 1e-6, 4e-6, 5e-7, 3e-6, 8e-7]).WithContext([60, 10, 35, 80, 5, 20, 1, 0, 3, 2, 0, 1]);
        bool[] start = [true, false, true, false, false, true];

        var improved = model.Improve(workload, start, int.MaxValue);
        var capped = model.Improve(workload, start, maxSteps: 1);

        Assert.Equal(model.BestMode(workload, exhaustive: false, start), improved.Mode);
        Assert.Equal(1 + (6L * (improved.Steps + 1)), improved.Priced);
        Assert.True(model.Value(workload, OffloadDecision.FromBits(improved.Mode)) >= model.Value(workload, OffloadDecision.FromBits(capped.Mode)));
        Assert.True(capped.Steps <= 1 && capped.Mode.Zip(start).Count(p => p.First != p.Second) == capped.Steps);
        Assert.Throws<ArgumentException>(() => model.Improve(workload, [true, false], int.MaxValue));

        // The search baselines say what they priced: coordinate descent its count, exhaustive search all 2^N modes.
        var descent = (ISearchingPolicy)model.CreateBaseline("coordinate-descent", seed: 3);
        var exhaustive = (ISearchingPolicy)model.CreateBaseline("exhaustive", seed: 3);
        descent.Decide(workload);
        exhaustive.Decide(workload);
        Assert.True(descent.LastPriced >= 1 + 6, $"coordinate descent priced {descent.LastPriced}");
        Assert.Equal(64, exhaustive.LastPriced);
    }
}
