using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ddlo.Benchmarks;

/// <summary>Micro-benchmarks: BenchmarkDotNet's default job, in-process.</summary>
public sealed class MicroConfig : ManualConfig
{
    public MicroConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
}

/// <summary>Whole runs of the pipeline (about a second each): a warm-up and five measured runs, in-process.</summary>
public sealed class PipelineConfig : ManualConfig
{
    public PipelineConfig() => AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithStrategy(RunStrategy.Monitoring)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(5));
}
