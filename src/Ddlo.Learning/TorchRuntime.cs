using System.Runtime.InteropServices;
using TorchSharp;

namespace Ddlo.Learning;

/// <summary>
/// Process-wide TorchSharp set-up, done once before the first network is built: the numerics mode (which kernels
/// libtorch, MKL and oneDNN run) and one intra-op thread.
/// </summary>
public static partial class TorchRuntime
{
    // Static because the native libraries are: each reads its kernel variables once per process. Guarded by Gate.
    private static readonly Lock Gate = new();
    private static NumericsPlan? current;

    private static readonly Lazy<bool> Initialised = new(() =>
    {
        // These networks are tiny: one thread per op is fastest, and parallelism comes from running actors at once.
        // libtorch parallelises with OpenMP, whose thread count is a per-thread setting read from OMP_NUM_THREADS for
        // every thread OpenMP did not create (all of the actors' threads), so it must be in the native environment
        // before libtorch loads; torch.set_num_threads alone only reaches the calling thread.
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            _ = SetEnvironment("OMP_NUM_THREADS", "1", overwrite: 0);
            _ = SetEnvironment("MKL_NUM_THREADS", "1", overwrite: 0);
            _ = SetEnvironment("OMP_WAIT_POLICY", "PASSIVE", overwrite: 0);
        }

        torch.set_num_threads(1);
        torch.set_num_interop_threads(1);
        return true;
    });

    /// <summary>The numerics this process runs under, once a run or a network has fixed them; null before.</summary>
    public static NumericsPlan? CurrentNumerics
    {
        get
        {
            lock (Gate)
            {
                return current;
            }
        }
    }

    /// <summary>
    /// Fixes this process's numerics to <paramref name="requested"/> (<c>ddlo.run.numerics</c>) before libtorch runs, and
    /// returns the plan in force. Portable sets the variables that pin the kernels, overwriting the environment's, both
    /// in the native environment (which the libraries read) and in .NET's copy (from which child processes get theirs);
    /// native leaves the environment as it is. On a CPU that portable cannot serve, one warning is logged and the run
    /// is native. The first call decides: a later one asking for the other mode throws
    /// <see cref="NumericsConflictException"/>. Cheap: libtorch itself loads with the first network.
    /// </summary>
    public static NumericsPlan UseNumerics(Numerics requested)
    {
        lock (Gate)
        {
            if (current is { } fixedPlan)
            {
                return fixedPlan.Requested == requested ? fixedPlan : throw new NumericsConflictException(
                    $"ddlo.run.numerics: this process already runs with {Name(fixedPlan.Requested)} numerics, and a run asks for {Name(requested)}. " +
                    "libtorch, MKL and oneDNN choose their kernels once per process: run it in a process of its own (another ddlo command).");
            }

            var plan = NumericsPlan.ForThisCpu(requested);
            foreach (var (name, value) in plan.Variables)
            {
                if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
                {
                    // .NET's SetEnvironmentVariable changes only its own copy on Unix: getenv in libtorch would not see it.
                    _ = SetEnvironment(name, value, overwrite: 1);
                }

                Environment.SetEnvironmentVariable(name, value);
            }

            if (plan.Warning is { } warning)
            {
                Serilog.Log.Warning("{Warning}", warning);
            }

            current = plan;
            return plan;
        }
    }

    /// <summary>
    /// Fixes the numerics (<see cref="UseNumerics"/>) to <paramref name="requested"/>, or, when null, keeps those in force
    /// (the default, portable, if none are yet); then loads the native library and pins libtorch to one intra-op
    /// thread. Safe to call many times.
    /// </summary>
    public static void EnsureInitialised(Numerics? requested = null)
    {
        lock (Gate)
        {
            _ = UseNumerics(requested ?? current?.Requested ?? Numerics.Portable);
        }

        _ = Initialised.Value;
    }

    /// <summary>The modes by the names <c>ddlo.run.numerics</c> takes.</summary>
    public static IReadOnlyDictionary<string, Numerics> NumericsNames { get; } = new Dictionary<string, Numerics>(StringComparer.Ordinal)
    {
        ["portable"] = Numerics.Portable,
        ["native"] = Numerics.Native,
    };

    /// <summary>The mode as <c>ddlo.run.numerics</c> spells it.</summary>
    public static string Name(Numerics numerics) => NumericsNames.First(pair => pair.Value == numerics).Key;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
