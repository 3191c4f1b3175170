using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// `./run.sh bench [BenchmarkDotNet args]`: every benchmark unless a --filter is given. Each class names its job
// (see BenchmarkJobs): all run in-process, so the libtorch fix-up of this build applies.
string[] arguments = args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)) ? args : [.. args, "--filter", "*"];
BenchmarkSwitcher.FromAssembly(typeof(Ddlo.Benchmarks.ModelBenchmarks).Assembly)
    .Run(arguments, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
