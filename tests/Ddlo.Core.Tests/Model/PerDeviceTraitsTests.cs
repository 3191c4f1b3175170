using Ddlo.Core.Channels;
using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Search;
using Ddlo.Core.Workloads;
using MathNet.Numerics.RootFinding;

namespace Ddlo.Core.Tests.Model;

/// <summary>
/// Per-device rates (a channel's rate scale s_n, docs/many-cells.md §1) and class factors (<see cref="DeviceTraits"/>):
/// P2 stays exact with D / s in the delay term, and so do the exhaustive search, the device search and the dual built on it.
/// </summary>
public sealed class PerDeviceTraitsTests
{
    [Fact]
    public void Should_equal_an_independent_solver_over_every_decision_on_ten_thousand_small_cases()
    {
        var random = new Random(27);
        for (int trial = 0; trial < 10_000; trial++)
        {
            int devices = 1 + random.Next(3);
            int tasks = 1 + random.Next(2);
            var sizes = Enumerable.Range(0, devices * tasks).Select(_ => random.Next(8) == 0 ? 0.0 : random.Next(1, 31)).ToArray();
            var rates = Enumerable.Range(0, devices).Select(_ => LogUniform(random, 0.05, 5)).ToArray();
            var model = Model(LogUniform(random, 2, 400));
            var workload = Workload.Create(devices, tasks, sizes).WithContext(rates);

            var exhaustive = new ExhaustiveSearch(model).Solve(workload);
            double reference = double.PositiveInfinity;
            for (int x = 0; x < 1 << (devices * tasks); x++)
            {
                reference = Math.Min(reference, ReferenceQ(model.Parameters, sizes, rates, tasks, x));
            }

            Assert.True(Math.Abs(exhaustive.Q - reference) <= 1e-9 * reference,
                $"case {trial}: exhaustive search with rates gave {exhaustive.Q:R}, the independent solver {reference:R}");
            Assert.Equal(exhaustive.Q, model.Utility(workload, exhaustive.Decision), 12);
        }
    }

    /// <summary>Device classes ride in the context as factors of the system's constants, with or without a rate.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Should_equal_an_independent_solver_with_each_devices_class_factors(bool withRates)
    {
        var random = new Random(withRates ? 28 : 29);
        for (int trial = 0; trial < 2_000; trial++)
        {
            int devices = 1 + random.Next(3);
            int tasks = 1 + random.Next(2);
            var sizes = Enumerable.Range(0, devices * tasks).Select(_ => (double)random.Next(1, 31)).ToArray();
            var rates = Enumerable.Range(0, devices).Select(_ => withRates ? LogUniform(random, 0.05, 5) : 1.0).ToArray();
            var classes = Enumerable.Range(0, devices)
                .Select(_ => new DeviceTraits(1, LogUniform(random, 0.2, 5), LogUniform(random, 0.2, 5), LogUniform(random, 0.2, 5))).ToArray();
            var context = withRates
                ? rates.Concat(classes.Select(c => c.LocalTime)).Concat(classes.Select(c => c.LocalEnergy)).Concat(classes.Select(c => c.TransmitEnergy))
                : classes.Select(c => c.LocalTime).Concat(classes.Select(c => c.LocalEnergy)).Concat(classes.Select(c => c.TransmitEnergy));
            var model = Model(LogUniform(random, 2, 400));
            var workload = Workload.Create(devices, tasks, sizes).WithContext(context);

            double reference = Enumerable.Range(0, 1 << (devices * tasks)).Min(x => ReferenceQ(model.Parameters, sizes, rates, tasks, x, classes));
            double exhaustive = new ExhaustiveSearch(model).Solve(workload).Q;

            Assert.True(Math.Abs(exhaustive - reference) <= 1e-9 * reference, $"case {trial}: exhaustive {exhaustive:R}, the independent solver {reference:R}");
        }
    }

    [Fact]
    public void Should_price_a_population_of_one_class_as_a_system_with_that_classs_constants()
    {
        var system = MecParameters.Paper;
        var own = system with { LocalTimePerBit = 9.5e-7, LocalEnergyPerBit = 1e-7, TransmitEnergyPerBit = 2.84e-7 };
        var generator = new UniformWorkloadGenerator(4, 3, 10, 30, new Random(30));
        var random = new Random(31);
        var factors = new DeviceTraits(1, own.LocalTimePerBit / system.LocalTimePerBit, own.LocalEnergyPerBit / system.LocalEnergyPerBit, own.TransmitEnergyPerBit / system.TransmitEnergyPerBit);
        for (int trial = 0; trial < 100; trial++)
        {
            var workload = generator.Next();
            var classed = workload.WithContext(Enumerable.Repeat(factors.LocalTime, 4).Concat(Enumerable.Repeat(factors.LocalEnergy, 4)).Concat(Enumerable.Repeat(factors.TransmitEnergy, 4)));
            var decision = OffloadDecision.FromBits(Enumerable.Range(0, 12).Select(_ => random.Next(2) == 1));

            double expected = new MecModel(own, BandwidthPolicy.Optimal).Utility(workload, decision);
            Assert.Equal(expected, new MecModel(system, BandwidthPolicy.Optimal).Utility(classed, decision), expected * 1e-12);
        }
    }

    [Fact]
    public void Should_refuse_a_context_width_that_is_no_layout()
    {
        var workload = Workload.Create(2, 1, [10, 20]).WithContext([1.0, 1.0, 1.0, 1.0]);

        var error = Assert.Throws<ArgumentException>(() => Model(150).CheckReports(workload));

        Assert.Contains("0, 1 (a rate scale), 3 (class factors) or 4 context values per device, got 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_todays_bits_when_every_rate_is_one()
    {
        var model = Model(150);
        var generator = new UniformWorkloadGenerator(3, 3, 10, 30, new Random(5));
        var random = new Random(6);
        for (int trial = 0; trial < 200; trial++)
        {
            var plain = generator.Next();
            var withOnes = plain.WithContext(Enumerable.Repeat(1.0, 3));
            var decision = OffloadDecision.FromBits(Enumerable.Range(0, 9).Select(_ => random.Next(2) == 1));

            Assert.Equal(model.Evaluate(plain, decision).Q, model.Evaluate(withOnes, decision).Q);
            Assert.Equal(model.Evaluate(plain, decision).Bandwidth.ToArray(), model.Evaluate(withOnes, decision).Bandwidth.ToArray());
            Assert.Equal(new ExhaustiveSearch(model).Solve(plain).Q, new ExhaustiveSearch(model).Solve(withOnes).Q);
        }
    }

    [Fact]
    public void Should_cost_the_same_when_every_rate_is_scaled_as_when_the_uplink_is()
    {
        var generator = new UniformWorkloadGenerator(6, 3, 10, 30, new Random(8));
        var random = new Random(9);
        for (int trial = 0; trial < 100; trial++)
        {
            double k = LogUniform(random, 0.2, 5);
            var workload = generator.Next();
            var decision = OffloadDecision.FromBits(Enumerable.Range(0, 18).Select(_ => random.Next(2) == 1));
            var scaled = workload.WithContext(Enumerable.Repeat(k, 6));

            double expected = Model(150 * k).Utility(workload, decision);
            Assert.Equal(expected, Model(150).Utility(scaled, decision), expected * 1e-12);
        }
    }

    [Fact]
    public void Should_give_a_faster_channel_more_of_its_data_per_unit_of_bandwidth()
    {
        // Two devices with the same tasks, all offloaded: the one with twice the rate uploads in half the time.
        var model = Model(100);
        var workload = Workload.Create(2, 1, [20, 20]).WithContext([1.0, 2.0]);
        var evaluation = model.Evaluate(workload, OffloadDecision.FromBits([true, true]));

        // With D'_n = D / s_n the split is proportional to sqrt(D'_n): c_0 / c_1 = sqrt(2).
        Assert.Equal(Math.Sqrt(2), evaluation.Bandwidth[0] / evaluation.Bandwidth[1], 12);
        Assert.Equal(20 / evaluation.Bandwidth[0], evaluation.Devices[0].UploadTime, 12);
        Assert.Equal(20 / (2 * evaluation.Bandwidth[1]), evaluation.Devices[1].UploadTime, 12);
    }

    [Fact]
    public void Should_price_every_single_device_change_with_rates_as_the_full_split_does()
    {
        var model = Model(800);
        var random = new Random(11);
        var generator = new UniformWorkloadGenerator(40, 3, 10, 30, random);
        var pricer = new SplitPricer(model);
        for (int trial = 0; trial < 20; trial++)
        {
            var workload = generator.Next().WithContext(Enumerable.Range(0, 40).Select(_ => LogUniform(random, 0.1, 4)));
            var table = model.LoadTable(workload);
            var loads = Enumerable.Range(0, 40).Select(n => table[n][random.Next(8)]).ToArray();
            Assert.Equal(model.Utility(loads), pricer.Reset(loads), model.Utility(loads) * 1e-12);
            for (int change = 0; change < 30; change++)
            {
                int n = random.Next(40);
                var changed = (DeviceLoad[])loads.Clone();
                changed[n] = table[n][random.Next(8)];
                double expected = model.Utility(changed);
                Assert.Equal(expected, pricer.QWith(n, changed[n]), expected * 1e-12);
            }
        }
    }

    [Fact]
    public void Should_bound_the_exhaustive_optimum_with_rates_from_below_and_certify_a_tiny_gap_at_a_hundred_devices()
    {
        var random = new Random(12);
        var small = Model(60);
        var smallGenerator = new UniformWorkloadGenerator(4, 3, 10, 30, random);
        for (int trial = 0; trial < 30; trial++)
        {
            var workload = smallGenerator.Next().WithContext(Enumerable.Range(0, 4).Select(_ => LogUniform(random, 0.1, 4)));
            double optimum = new ExhaustiveSearch(small).Solve(workload).Q;
            var dual = new DualDecomposition(small).Solve(workload);
            Assert.True(dual.LowerBound <= optimum + 1e-9, $"the dual bound {dual.LowerBound} exceeds Q* = {optimum}");
            Assert.True(dual.Q >= optimum - 1e-9, $"the dual's decision costs {dual.Q}, below Q* = {optimum}");
        }

        var large = Model(50 * 100);
        var hundred = new UniformWorkloadGenerator(100, 3, 10, 30, new Random(3)).Next()
            .WithContext(Enumerable.Range(0, 100).Select(_ => LogUniform(random, 0.1, 4)));
        var solution = new DualDecomposition(large).Solve(hundred);

        Assert.InRange(solution.Gap, -1e-12, 1e-5);
        Assert.True(solution.Bandwidth.Sum() <= large.Parameters.UplinkMBps * (1 + 1e-9));
    }

    /// <summary>
    /// Deep fades leave a device between two choices in the dual's relaxation; branching on such devices raises the
    /// bound. On small systems the bound stays below the exhaustive optimum (it is still a bound) and usually meets it.
    /// </summary>
    [Fact]
    public void Should_keep_the_branched_dual_bound_below_the_optimum_and_close_it_under_deep_fades()
    {
        var model = Model(5 * 20);
        var channels = Enumerable.Range(0, 5).Select(n => new UplinkChannel(new ChannelSettings(Fading.Rayleigh), new ReplayableRandom(1000 + n))).ToArray();
        var generator = new UniformWorkloadGenerator(5, 3, 10, 30, new Random(1));
        int closed = 0;
        for (int t = 0; t < 300; t++)
        {
            var workload = generator.Next().WithContext(channels.Select(c => c.RateScaleFor(t)));
            double optimum = new ExhaustiveSearch(model).Solve(workload).Q;
            var dual = new DualDecomposition(model).Solve(workload);

            Assert.True(dual.LowerBound <= optimum * (1 + 1e-12), $"slot {t}: the bound {dual.LowerBound:R} exceeds Q* = {optimum:R}");
            Assert.True(dual.Q >= optimum * (1 - 1e-12), $"slot {t}: the decision costs {dual.Q:R}, below Q* = {optimum:R}");
            closed += dual.Gap <= DualDecomposition.BranchAboveGap ? 1 : 0;
        }

        // Without branching, about half of these slots are left with a gap above 1e-6.
        Assert.True(closed >= 295, $"only {closed} of 300 gaps closed to {DualDecomposition.BranchAboveGap}");
    }

    [Fact]
    public void Should_certify_every_slot_of_a_hundred_faded_devices_within_2e_minus_6()
    {
        var model = Model(100 * 50);
        var channels = Enumerable.Range(0, 100).Select(n => new UplinkChannel(new ChannelSettings(Fading.Rayleigh), new ReplayableRandom(1000 + n))).ToArray();
        var generator = new UniformWorkloadGenerator(100, 3, 10, 30, new Random(1));
        var dual = new DualDecomposition(model);
        var gaps = Enumerable.Range(0, 2000).Select(t => dual.Solve(generator.Next().WithContext(channels.Select(c => c.RateScaleFor(t)))).Gap).ToArray();

        // Branching on the device whose two best choices differ least per MB/s they ask for: 9.9e-7 at worst here (on
        // the least margin alone it was 5.7e-6, and without branching 5.6e-5).
        Assert.All(gaps, gap => Assert.InRange(gap, -1e-12, 2e-6));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(1e12)]
    public void Should_refuse_a_rate_scale_or_class_factor_out_of_range_naming_the_device(double value)
    {
        var rate = Workload.Create(2, 1, [10, 20]).WithContext([1.0, value]);
        var factor = Workload.Create(2, 1, [10, 20]).WithContext([1.0, 1.0, 1.0, value, 1.0, 1.0]);

        Assert.Contains("Device 1's rate scale must be", Assert.Throws<ArgumentException>(() => Model(150).CheckReports(rate)).Message, StringComparison.Ordinal);
        Assert.Contains("Device 1's local energy factor must be", Assert.Throws<ArgumentException>(() => Model(150).CheckReports(factor)).Message, StringComparison.Ordinal);
    }

    private static MecModel Model(double mbps) =>
        new(MecParameters.Paper with { UplinkMBps = MecParameters.MbpsToMBps(mbps) }, BandwidthPolicy.Optimal);

    private static double LogUniform(Random random, double low, double high) =>
        Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high) - Math.Log(low))));

    /// <summary>
    /// Q of decision <paramref name="x"/> written from the model's definition with raw sizes and rates, not through
    /// <see cref="DeviceLoad"/>: each device's upload takes D / (s c); the split's multiplier is found by a root finder
    /// on the KKT total, c_n(mu) = min(mu sqrt(D_n / s_n), its saturation), which is increasing in mu.
    /// </summary>
    private static double ReferenceQ(MecParameters p, double[] sizes, double[] rates, int tasks, int x) =>
        ReferenceQ(p, sizes, rates, tasks, x, [.. rates.Select(_ => DeviceTraits.Paper)]);

    /// <summary>As above, for devices whose local time, local energy and transmit energy per bit are their factors times the system's.</summary>
    private static double ReferenceQ(MecParameters p, double[] sizes, double[] rates, int tasks, int x, DeviceTraits[] classes)
    {
        int devices = rates.Length;
        var (upload, local, edge) = (new double[devices], new double[devices], new double[devices]);
        double energy = 0;
        for (int i = 0; i < sizes.Length; i++)
        {
            double bits = sizes[i] * MecParameters.BitsPerMb;
            int n = i / tasks;
            if (((x >> i) & 1) != 0)
            {
                energy += bits * ((p.TransmitEnergyPerBit * classes[n].TransmitEnergy) + p.Alpha);
                upload[n] += sizes[i];
                edge[n] += bits * p.EdgeCyclesPerBit / p.EdgeClockHz;
            }
            else
            {
                energy += bits * p.LocalEnergyPerBit * classes[n].LocalEnergy;
                local[n] += bits * p.LocalTimePerBit * classes[n].LocalTime;
            }
        }

        double Saturation(int n) => local[n] > edge[n] ? upload[n] / (rates[n] * (local[n] - edge[n])) : double.PositiveInfinity;
        double Share(int n, double mu) => upload[n] > 0 ? Math.Min(mu * Math.Sqrt(upload[n] / rates[n]), Saturation(n)) : 0;
        double Total(double mu) => Enumerable.Range(0, devices).Sum(n => Share(n, mu));

        var bandwidth = new double[devices];
        bool fits = Enumerable.Range(0, devices).Where(n => upload[n] > 0).Sum(Saturation) <= p.UplinkMBps;
        if (fits)
        {
            for (int n = 0; n < devices; n++)
            {
                bandwidth[n] = upload[n] > 0 ? Saturation(n) : 0;
            }
        }
        else
        {
            double high = 1;
            while (Total(high) < p.UplinkMBps)
            {
                high *= 2;
            }

            double mu = Brent.FindRoot(m => Total(m) - p.UplinkMBps, 0, high, accuracy: 1e-13 * p.UplinkMBps, maxIterations: 1000);
            for (int n = 0; n < devices; n++)
            {
                bandwidth[n] = Share(n, mu);
            }
        }

        double delay = 0;
        for (int n = 0; n < devices; n++)
        {
            delay += upload[n] > 0 ? Math.Max(local[n], (upload[n] / (rates[n] * bandwidth[n])) + edge[n]) : local[n];
        }

        return energy + (p.Beta * delay);
    }
}
