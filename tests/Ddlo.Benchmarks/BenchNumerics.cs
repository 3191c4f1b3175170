using Ddlo.Learning;

namespace Ddlo.Benchmarks;

/// <summary>
/// The numerics the benchmarks run under: <c>./run.sh bench --numerics native|portable</c> (default portable, as
/// <c>ddlo.run.numerics</c>). Program fixes them for the process before BenchmarkDotNet starts; every job runs
/// in-process (BenchmarkJobs), so the benchmarks' networks and scenarios get them from here.
/// </summary>
internal static class BenchNumerics
{
    public const string Option = "--numerics";

    /// <summary>Takes <c>--numerics MODE</c> out of <paramref name="args"/> (BenchmarkDotNet refuses options it does not know) and fixes the mode.</summary>
    public static string[] Apply(string[] args)
    {
        int at = Array.IndexOf(args, Option);
        var mode = Numerics.Portable;
        if (at >= 0)
        {
            if (at + 1 >= args.Length || !TorchRuntime.NumericsNames.TryGetValue(args[at + 1], out mode))
            {
                throw new ArgumentException($"{Option}: expected one of {string.Join(" | ", TorchRuntime.NumericsNames.Keys)}.");
            }

            args = [.. args[..at], .. args[(at + 2)..]];
        }

        var plan = TorchRuntime.UseNumerics(mode);
        // Benchmark figures are compared across modes: say which one these are.
        Console.Error.WriteLine($"run.sh bench: {TorchRuntime.Name(plan.InForce)} numerics");
        return args;
    }

    /// <summary>The scenario override that asks for the numerics in force.</summary>
    public static string Override => $"ddlo.run.numerics={TorchRuntime.Name(TorchRuntime.CurrentNumerics?.Requested ?? Numerics.Portable)}";
}
