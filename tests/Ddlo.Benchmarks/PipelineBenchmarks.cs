using BenchmarkDotNet.Attributes;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Simulation;
using Ddlo.Learning.Networks;

namespace Ddlo.Benchmarks;

/// <summary>
/// The whole actor pipeline on paper 3x3: one operation is a run of <see cref="Steps"/> learning steps with training
/// on and scoring off, so steps/s = Steps / mean. The goal for K = 5 is 4,000 steps/s (under 0.5 s per op) with
/// slots pipelined.
/// </summary>
[Config(typeof(PipelineConfig))]
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    public const int Steps = 2000;

    [Params(1, 3, 5)]
    public int Dnns { get; set; }

    [Params(1, 4)]
    public int MaxInFlight { get; set; }

    private Scenario scenario = null!;

    [GlobalSetup]
    public void Setup() => scenario = Scenario.Load(null,
    [
        $"ddlo.learning.dnn-count={Dnns}", $"ddlo.run.max-in-flight={MaxInFlight}", $"ddlo.run.steps={Steps}",
        "ddlo.run.score-against-optimum=off", "ddlo.learning.warmup=0", BenchNumerics.Override,
    ]);

    [Benchmark(Description = "2,000 learning steps (training on)")]
    public async Task<long> Run() =>
        (await SimulationRunner.RunAsync(scenario)).SlotsDecided;
}

/// <summary>One DNN on its own: a batch-1 decision and a batch-128 Adam step (libtorch on one thread).</summary>
[Config(typeof(MicroConfig))]
[MemoryDiagnoser]
public class NetworkBenchmarks : IDisposable
{
    private readonly double[] sizes = [22, 25, 10, 13, 13, 17, 19, 29, 28];
    private readonly bool[] decision = new bool[9];
    private readonly double[] sizes100 = Enumerable.Range(0, 300).Select(i => 10.0 + (i * 7 % 21)).ToArray();
    private readonly float[] logits100 = new float[300];
    private OffloadingNetwork network = null!;
    private OffloadingNetwork perDevice100 = null!;
    private float[] batchSizes = [];
    private float[] batchLabels = [];

    [GlobalSetup]
    public void Setup()
    {
        network = new OffloadingNetwork(DdloSettings.Default.Learning.NetworkOptions(9, 3, seed: 1), new InputNormalizer(10, 30, 100));
        var random = new Random(1);
        batchSizes = Enumerable.Range(0, 128 * 9).Select(_ => (float)random.Next(10, 31)).ToArray();
        batchLabels = batchSizes.Select(s => s > 20 ? 1f : 0f).ToArray();
        var large = DdloSettings.Default.Learning with { Architecture = NetworkArchitecture.PerDevice, HiddenLayers = [64, 64] };
        perDevice100 = new OffloadingNetwork(large.NetworkOptions(300, 3, seed: 1), new InputNormalizer(10, 30, 1));
    }

    [Benchmark(Description = "DNN decision, batch 1")]
    public bool Decide()
    {
        network.Decide(sizes, decision);
        return decision[0];
    }

    [Benchmark(Description = "Per-device DNN (64-64) logits, N = 100, M = 3 (large-100x3's network)")]
    public float PerDevice100()
    {
        perDevice100.Logits(sizes100, logits100);
        return logits100[0];
    }

    [Benchmark(Description = "DNN Adam step, batch 128")]
    public double Train() => network.Train(batchSizes, batchLabels, 128);

    public void Dispose()
    {
        network?.Dispose();
        perDevice100?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// DROO on the actors (WPMEC, N = 10, one network): one operation is <see cref="Frames"/> frames with training on and
/// scoring off, every frame pricing all N order-preserving candidates (the adaptive count off), so the time per frame
/// is mean / Frames: the figure issue 14 compares with the authors' Python.
/// </summary>
[Config(typeof(PipelineConfig))]
[MemoryDiagnoser]
public class DrooPipelineBenchmarks
{
    public const int Frames = 2000;

    private Scenario scenario = null!;

    [GlobalSetup]
    public void Setup() => scenario = Scenario.Load(null,
    [
        "ddlo.system.model=wpmec", "ddlo.system.devices=10", "ddlo.learning.dnn-count=1", "ddlo.learning.quantiser=order-preserving",
        "ddlo.learning.candidates-per-dnn=10", "ddlo.learning.warmup=0", $"ddlo.run.steps={Frames}", "ddlo.run.score-against-optimum=off",
        BenchNumerics.Override,
    ]);

    [Benchmark(Description = "DROO, 2,000 frames of N = 10, all 10 candidates priced (training on)")]
    public async Task<long> Run() =>
        (await SimulationRunner.RunAsync(scenario)).SlotsDecided;
}
