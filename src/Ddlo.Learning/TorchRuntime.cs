using System.Runtime.InteropServices;
using TorchSharp;

namespace Ddlo.Learning;

/// <summary>Process-wide TorchSharp set-up, done once before the first network is built.</summary>
public static partial class TorchRuntime
{
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

    /// <summary>Loads the native library and pins libtorch to one intra-op thread; safe to call many times.</summary>
    public static void EnsureInitialised() => _ = Initialised.Value;

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
