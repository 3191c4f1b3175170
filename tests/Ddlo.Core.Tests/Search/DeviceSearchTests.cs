using Ddlo.Core.Model;
using Ddlo.Core.Search;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Tests.Search;

public sealed class DeviceSearchTests
{
    /// <summary>Scarce (20 Mbit/s per device), ample (300) and mixed bandwidth, under both splits.</summary>
    public static TheoryData<int, double, BandwidthPolicy> Systems => new()
    {
        { 3, 150, BandwidthPolicy.Optimal },
        { 40, 800, BandwidthPolicy.Optimal },
        { 40, 12_000, BandwidthPolicy.Optimal },
        { 200, 10_000, BandwidthPolicy.Optimal },
        { 40, 2_000, BandwidthPolicy.Equal },
    };

    [Theory]
    [MemberData(nameof(Systems))]
    public void Should_price_every_single_device_change_as_the_full_bandwidth_split_does(int devices, double mbps, BandwidthPolicy policy)
    {
        var model = Model(mbps, policy);
        var random = new Random(devices);
        var generator = new UniformWorkloadGenerator(devices, 3, 10, 30, random);
        var pricer = new SplitPricer(model);
        for (int trial = 0; trial < 20; trial++)
        {
            var workload = generator.Next();
            var table = model.LoadTable(workload);
            var loads = Enumerable.Range(0, devices).Select(n => table[n][random.Next(8)]).ToArray();
            Assert.Equal(model.Utility(loads), pricer.Reset(loads), Relative(model.Utility(loads)));
            for (int change = 0; change < 30; change++)
            {
                int n = random.Next(devices);
                var changed = (DeviceLoad[])loads.Clone();
                changed[n] = table[n][random.Next(8)];
                double expected = model.Utility(changed);
                Assert.Equal(expected, pricer.QWith(n, changed[n]), Relative(expected));
            }
        }
    }

    [Fact]
    public void Should_price_a_change_that_frees_or_takes_all_of_a_devices_upload()
    {
        var model = Model(60, BandwidthPolicy.Optimal);
        var workload = Workload.Create(3, 2, [10, 30, 25, 12, 18, 29]);
        var table = model.LoadTable(workload);
        var pricer = new SplitPricer(model);
        var loads = new[] { table[0][3], table[1][0], table[2][1] };
        pricer.Reset(loads);
        foreach (int device in new[] { 0, 1, 2 })
        {
            foreach (int mask in new[] { 0, 1, 2, 3 })
            {
                var changed = (DeviceLoad[])loads.Clone();
                changed[device] = table[device][mask];
                Assert.Equal(model.Utility(changed), pricer.QWith(device, changed[device]), Relative(model.Utility(changed)));
            }
        }
    }

    [Fact]
    public void Should_never_make_a_decision_worse_and_stop_at_a_local_optimum()
    {
        var model = Model(300, BandwidthPolicy.Optimal);
        var generator = new UniformWorkloadGenerator(30, 3, 10, 30, new Random(5));
        var search = new DeviceSearch(model);
        for (int i = 0; i < 10; i++)
        {
            var workload = generator.Next();
            var start = OffloadDecision.Uniform(workload.TaskCount, offload: true);
            double before = model.Utility(workload, start);
            var one = search.Improve(workload, start.Bits.AsSpan(), rounds: 1);
            var many = search.Improve(workload, start.Bits.AsSpan(), rounds: 500);
            double afterOne = model.Utility(workload, one.Decision);
            double afterMany = model.Utility(workload, many.Decision);

            Assert.True(afterOne <= before, $"one round made Q worse: {before} -> {afterOne}");
            Assert.True(afterMany <= afterOne, $"more rounds made Q worse: {afterOne} -> {afterMany}");
            Assert.True(one.Steps <= 1);
            Assert.Equal(30 * 7, one.Priced);
            Assert.True(many.Steps < 500, "the search did not stop at a local optimum");

            // No single-device change improves the result of a search run to its end.
            var table = model.LoadTable(workload);
            var loads = model.Loads(workload, many.Decision);
            for (int n = 0; n < 30; n++)
            {
                for (int mask = 0; mask < 8; mask++)
                {
                    var changed = (DeviceLoad[])loads.Clone();
                    changed[n] = table[n][mask];
                    Assert.True(model.Utility(changed) >= afterMany * (1 - 1e-9), $"device {n} mask {mask} still improves Q");
                }
            }
        }
    }

    [Fact]
    public void Should_reach_the_exhaustive_optimum_of_small_systems_from_all_local_most_of_the_time()
    {
        var model = Model(150, BandwidthPolicy.Optimal);
        var generator = new UniformWorkloadGenerator(3, 3, 10, 30, new Random(2));
        var exhaustive = new ExhaustiveSearch(model);
        var search = new DeviceSearch(model);
        int reached = 0;
        for (int i = 0; i < 50; i++)
        {
            var workload = generator.Next();
            var result = search.Improve(workload, new bool[9], rounds: 20);
            reached += model.Utility(workload, result.Decision) <= exhaustive.Solve(workload).Q * (1 + 1e-12) ? 1 : 0;
        }

        Assert.True(reached >= 45, $"device search reached the optimum on only {reached} of 50 workloads");
    }

    [Fact]
    public void Should_leave_the_decision_as_it_is_with_no_rounds()
    {
        var model = Model(150, BandwidthPolicy.Optimal);
        var workload = new UniformWorkloadGenerator(3, 3, 10, 30, new Random(1)).Next();
        var start = new[] { true, false, true, false, false, true, true, true, false };

        var result = new DeviceSearch(model).Improve(workload, start, rounds: 0);

        Assert.Equal(start, result.Decision.Bits.ToArray());
        Assert.Equal(0, result.Priced);
    }

    private static MecModel Model(double mbps, BandwidthPolicy policy) =>
        new(MecParameters.Paper with { UplinkMBps = MecParameters.MbpsToMBps(mbps) }, policy);

    private static double Relative(double value) => Math.Abs(value) * 1e-9;
}
