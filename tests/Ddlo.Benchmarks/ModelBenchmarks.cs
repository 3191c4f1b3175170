using BenchmarkDotNet.Attributes;
using Ddlo.Core.Bandwidth;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Search;
using Ddlo.Core.Workloads;

namespace Ddlo.Benchmarks;

/// <summary>
/// The model's hot paths: Q of a decision, the exact P2 split, the 3 x 3 exhaustive optimum, and at 100 x 3 the exact
/// dual optimum beside one and ten rounds of device search from all-local (what the large scenarios pay per slot) and
/// coordinate descent to convergence (the search alone, no network), the dual over 20 slots of 100 Rayleigh-faded
/// devices (whose deep fades make it branch), and DROO's WPMEC allocation for one mode.
/// </summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private readonly MecModel model = new(MecParameters.Paper, BandwidthPolicy.Optimal);
    private DeviceLoad[] loads3 = [];
    private DeviceLoad[] loads100 = [];
    private readonly double[] bandwidth100 = new double[100];
    private Workload workload3x3 = null!;
    private OffloadDecision decision3x3 = null!;
    private ExhaustiveSearch search = null!;
    private Workload workload100 = null!;
    private bool[] allLocal100 = [];
    private DeviceSearch deviceSearch = null!;
    private DualDecomposition dual = null!;
    private Workload[] faded100 = [];
    private CoordinateDescentPolicy descent3 = null!;
    private CoordinateDescentPolicy descent100 = null!;
    private readonly Ddlo.Core.Wpmec.WpmecAllocator wpmec = new(Ddlo.Core.Wpmec.WpmecParameters.Paper);
    private readonly double[] wpmecWeights = Ddlo.Core.Wpmec.WpmecParameters.DefaultWeights(10);
    private Ddlo.Core.Wpmec.WpmecSearch wpmecSearch = null!;

    // The first frame of samples/data/lydroo-critic-10.csv.
    private readonly Ddlo.Core.Lyapunov.LyapunovCritic lyapunov = new(Ddlo.Core.Lyapunov.LyapunovParameters.Paper);
    private readonly double[] lyGains =
        [1.0155e-11, 1.5978e-12, 5.1630e-12, 1.7239e-11, 7.4733e-12, 6.2403e-13, 2.5969e-12, 4.7420e-12, 7.0066e-14, 9.6604e-13];

    private readonly double[] lyData = [7.056, 0.657, 0, 3.690, 13.623, 14.320, 20.008, 24.022, 12.621, 3.434];
    private readonly double[] lyEnergy = [31.677, 27.635, 1.480, 0, 20.184, 7.955, 11.800, 21.673, 14.003, 0];
    private readonly double[] lyWeights = [1.5, 1, 1.5, 1, 1.5, 1, 1.5, 1, 1.5, 1];
    private readonly bool[] lyMode = [true, false, false, false, true, true, false, false, false, false];

    // The first row of DROO's published data (N = 10) and its optimal mode.
    private readonly double[] wpmecGains =
        [8.50383e-07, 3.05795e-06, 2.24055e-06, 5.43856e-07, 6.12909e-07, 1.25372e-06, 3.16007e-06, 2.19846e-06, 1.55450e-07, 3.88086e-06];

    private readonly bool[] wpmecMode = [false, true, false, false, false, false, true, true, false, true];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        workload3x3 = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);
        decision3x3 = OffloadDecision.Parse("110011011", 9);
        loads3 = model.Loads(workload3x3, decision3x3);
        var large = new UniformWorkloadGenerator(100, 3, 10, 30, random).Next();
        var largeModel = new MecModel(MecParameters.Paper with { UplinkMBps = MecParameters.MbpsToMBps(5000) }, BandwidthPolicy.Optimal);
        loads100 = largeModel.Loads(large, OffloadDecision.FromBits(Enumerable.Range(0, 300).Select(_ => random.Next(2) == 1)));
        search = new ExhaustiveSearch(model);
        workload100 = large;
        allLocal100 = new bool[300];
        deviceSearch = new DeviceSearch(largeModel);
        dual = new DualDecomposition(largeModel);
        var channels = Enumerable.Range(0, 100)
            .Select(n => new Ddlo.Core.Channels.UplinkChannel(new Ddlo.Core.Channels.ChannelSettings(), new Ddlo.Core.Checkpoints.ReplayableRandom(1000 + n))).ToArray();
        var fadedSizes = new UniformWorkloadGenerator(100, 3, 10, 30, new Random(2));
        faded100 = [.. Enumerable.Range(0, FadedSlots).Select(t => fadedSizes.Next().WithContext(channels.Select(c => c.RateScaleFor(t))))];
        wpmecSearch = new Ddlo.Core.Wpmec.WpmecSearch(wpmec);
        descent3 = new CoordinateDescentPolicy(new DeviceSearch(model));
        descent100 = new CoordinateDescentPolicy(deviceSearch);
    }

    [Benchmark(Description = "Q of a 3x3 decision (with P2)")]
    public double Utility3x3() => model.Utility(workload3x3, decision3x3);

    [Benchmark(Description = "P2 exact split, N = 3")]
    public double P2N3() => BandwidthAllocator.OptimalDelayCost(loads3, 18.75, 1.0);

    [Benchmark(Description = "P2 exact split, N = 100")]
    public double P2N100() =>
        BandwidthAllocator.Allocate(loads100, MecParameters.MbpsToMBps(5000), 1.0, BandwidthPolicy.Optimal, bandwidth100, out _);

    [Benchmark(Description = "Exhaustive 3x3 (512 decisions)")]
    public double Exhaustive3x3() => search.Solve(workload3x3).Q;

    [Benchmark(Description = "WPMEC exact allocation, N = 10, 4 offloaders")]
    public double WpmecAllocation() => wpmec.Allocate(wpmecGains, wpmecMode, wpmecWeights).Rate;

    [Benchmark(Description = "WPMEC exhaustive search, N = 10 (1,024 modes, parallel)")]
    public double WpmecExhaustive() => wpmecSearch.Exhaustive(wpmecGains, wpmecWeights).Allocation.Rate;

    [Benchmark(Description = "WPMEC coordinate descent, N = 10, from all-local")]
    public double WpmecCoordinateDescent() => wpmecSearch.CoordinateDescent(wpmecGains, wpmecWeights, new bool[10]).Allocation.Rate;

    [Benchmark(Description = "LyDROO critic (exact), N = 10, 3 offloaders, contended")]
    public double LyapunovCritic() => lyapunov.Solve(lyGains, lyData, lyEnergy, lyWeights, 20, lyMode).Objective;

    [Benchmark(Description = "Dual optimum, N = 100, M = 3")]
    public double Dual100() => dual.Solve(workload100).Q;

    private const int FadedSlots = 20;

    /// <summary>A slot's mean over 20 slots: most certify at once, a few deep fades branch.</summary>
    [Benchmark(Description = "Dual optimum, N = 100, M = 3, Rayleigh-faded (per slot, mean of 20)", OperationsPerInvoke = FadedSlots)]
    public double DualFaded100()
    {
        double q = 0;
        foreach (var slot in faded100)
        {
            q += dual.Solve(slot).Q;
        }

        return q;
    }

    [Benchmark(Description = "Device search, N = 100, 1 round from all-local")]
    public int DeviceSearch1Round() => deviceSearch.Improve(workload100, allLocal100, 1).Steps;

    [Benchmark(Description = "Device search, N = 100, 10 rounds from all-local")]
    public int DeviceSearch10Rounds() => deviceSearch.Improve(workload100, allLocal100, 10).Steps;

    [Benchmark(Description = "MUMT coordinate descent, 3x3, from all-local to convergence")]
    public OffloadDecision CoordinateDescent3x3() => descent3.Decide(workload3x3);

    [Benchmark(Description = "MUMT coordinate descent, N = 100, M = 3, from all-local to convergence")]
    public OffloadDecision CoordinateDescent100() => descent100.Decide(workload100);
}
