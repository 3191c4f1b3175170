namespace Ddlo.Learning;

/// <summary>
/// Which vector kernels libtorch, MKL and oneDNN run (<c>ddlo.run.numerics</c>). A network's floating-point results,
/// and so every decision that follows from them, depend on those kernels; the mode is process-wide and fixed by the
/// first run or network of the process (<see cref="TorchRuntime.UseNumerics"/>).
/// </summary>
public enum Numerics
{
    /// <summary>
    /// Their AVX2 code paths, whatever the CPU and the environment say: the same bits on every x86-64 CPU with AVX2 and
    /// FMA (x86-64-v3), at the speed of those kernels.
    /// </summary>
    Portable,

    /// <summary>Whatever the libraries pick for this CPU (and the environment allows): the bits depend on the CPU.</summary>
    Native,
}
