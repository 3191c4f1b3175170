using TorchSharp;

namespace Ddlo.Learning;

/// <summary>Process-wide TorchSharp set-up, done once before the first network is built.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<bool> Initialised = new(() =>
    {
        // These networks are tiny: one thread per op is fastest, and parallelism comes from running actors at once.
        torch.set_num_threads(1);
        torch.set_num_interop_threads(1);
        return true;
    });

    /// <summary>Loads the native library and pins libtorch to one intra-op thread; safe to call many times.</summary>
    public static void EnsureInitialised() => _ = Initialised.Value;
}
