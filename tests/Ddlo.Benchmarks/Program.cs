using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// `./run.sh bench [--numerics native|portable] [BenchmarkDotNet args]`: every benchmark unless a --filter is given. Each
// class names its job (see BenchmarkJobs): all run in-process, so the libtorch fix-up of this build and the numerics
// fixed here apply.
args = Ddlo.Benchmarks.BenchNumerics.Apply(args);
string[] arguments = args.Any(a => a.StartsWith("--filter", StringComparison.Ordinal)) ? args : [.. args, "--filter", "*"];
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Ddlo.Benchmarks.ModelBenchmarks).Assembly)
    .Run(arguments, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator))
    .ToList();

// BenchmarkDotNet reports an option it does not know and runs nothing; that is a failure, not a success. Listing
// and help run nothing by design.
bool listsOnly = args.Any(a => a is "--list" or "--help" or "-h" or "--info" or "--version");
if (!listsOnly && (summaries.Count == 0 || summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Length == 0)))
{
    Console.Error.WriteLine("run.sh bench: no benchmark ran (see BenchmarkDotNet's message above; ./run.sh bench --list flat lists them).");
    return 2;
}

return 0;
