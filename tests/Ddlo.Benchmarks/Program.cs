using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// `./run.sh bench [BenchmarkDotNet args]`: every benchmark unless a --filter is given.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
string[] arguments = args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)) ? args : [.. args, "--filter", "*"];
BenchmarkSwitcher.FromAssembly(typeof(Ddlo.Benchmarks.ModelBenchmarks).Assembly).Run(arguments, config);
