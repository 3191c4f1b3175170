using System.Collections.Immutable;
using System.Runtime.Intrinsics.X86;

namespace Ddlo.Learning;

/// <summary>What a numerics mode sets before the native libraries start, on a given CPU.</summary>
/// <param name="Requested">The mode the run asked for.</param>
/// <param name="InForce">The mode the run gets: portable only on a CPU that has the kernels it pins.</param>
/// <param name="Variables">Environment variables to set, overwriting whatever the environment says.</param>
/// <param name="Warning">Why the requested mode cannot be kept on this CPU, or null.</param>
public sealed record NumericsPlan(Numerics Requested, Numerics InForce, ImmutableArray<KeyValuePair<string, string>> Variables, string? Warning)
{
    /// <summary>
    /// The pins of portable mode. MKL's AVX2 branch of conditional numerical reproducibility, ATen's AVX2 kernels, and
    /// oneDNN at most AVX2 (no visible effect on these networks today, but a libtorch update could route them there).
    /// Each library reads its variable once, when it first runs, hence the environment rather than an API call.
    /// </summary>
    public static ImmutableArray<KeyValuePair<string, string>> PortableVariables { get; } =
    [
        new("MKL_CBWR", "AVX2"),
        new("ATEN_CPU_CAPABILITY", "avx2"),
        new("ONEDNN_MAX_CPU_ISA", "AVX2"),
    ];

    /// <summary>
    /// The plan for <paramref name="requested"/> on a CPU with or without AVX2 and FMA. Without both, ATen would fault
    /// on its AVX2 kernels and glibc's libm (which .NET's Math and libtorch's scalar code call) takes other code paths,
    /// so portable cannot hold its promise: the environment is left as it is and the run is native, with a warning.
    /// </summary>
    public static NumericsPlan For(Numerics requested, bool avx2, bool fma) => requested switch
    {
        Numerics.Native => new NumericsPlan(requested, Numerics.Native, [], null),
        Numerics.Portable when avx2 && fma => new NumericsPlan(requested, Numerics.Portable, PortableVariables, null),
        Numerics.Portable => new NumericsPlan(requested, Numerics.Native, [],
            $"ddlo.run.numerics = portable needs a CPU with AVX2 and FMA (x86-64-v3), and this one has {(avx2 ? "no FMA" : fma ? "no AVX2" : "neither")}: " +
            "the run uses the kernels this CPU selects (native numerics), and its results need not match another CPU's."),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "not a numerics mode"),
    };

    /// <summary>The plan for <paramref name="requested"/> on this process's CPU.</summary>
    public static NumericsPlan ForThisCpu(Numerics requested) => For(requested, Avx2.IsSupported, Fma.IsSupported);
}
