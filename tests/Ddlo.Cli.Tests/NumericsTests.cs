using System.Runtime.Intrinsics.X86;

namespace Ddlo.Cli.Tests;

/// <summary>
/// The kernel levels of other CPUs, as one machine can stand in for them: the environment variables MKL and libtorch
/// read to pick their kernels. Native numerics follow them; portable numerics pin their own over them.
/// </summary>
public sealed class NumericsTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-numerics-{Guid.NewGuid():N}");

    /// <summary>This CPU's own kernels, and the lowest level every x86-64 has (SSE2 MKL, ATen's scalar-friendly default kernels).</summary>
    private static readonly Dictionary<string, Dictionary<string, string?>> Levels = new(StringComparer.Ordinal)
    {
        ["this-cpu"] = new() { ["MKL_CBWR"] = null, ["ATEN_CPU_CAPABILITY"] = null, ["ONEDNN_MAX_CPU_ISA"] = null },
        ["lowest"] = new() { ["MKL_CBWR"] = "COMPATIBLE", ["ATEN_CPU_CAPABILITY"] = "default", ["ONEDNN_MAX_CPU_ISA"] = "SSE41" },
    };

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_give_one_digest_at_every_kernel_level_under_portable_numerics_and_not_under_native()
    {
        Directory.CreateDirectory(output);
        // 1,200 slots of the default scenario: past the 512-entry warm-up, so the networks train some 70 rounds and
        // their rounding reaches the losses and the decisions. Started together: the two cores share four short runs.
        var runs = (from numerics in new[] { "native", "portable" }
                    from level in Levels
                    select (Numerics: numerics, Level: level.Key, Process: DdloProcess.StartWith(
                        AppContext.BaseDirectory,
                        level.Value,
                        "simulate", "--steps", "1200", "--set", $"run.numerics={numerics}", "--out", Path.Combine(output, $"{numerics}-{level.Key}"), "--json"))).ToList();
        var digests = runs.Select(run =>
        {
            using var process = run.Process;
            var result = process.WaitForExit(TimeSpan.FromMinutes(5));
            Assert.True(result.ExitCode == 0, result.ToString());
            // A degraded slot depends on timing: the comparison holds only for runs without one.
            Assert.Equal(0, result.Json.GetProperty("degraded_slots").GetInt64());
            return (run.Numerics, run.Level, InForce: result.Json.GetProperty("numerics").GetString(), Digest: result.Json.GetProperty("digest").GetString());
        }).ToList();

        var native = digests.Where(d => d.Numerics == "native").ToList();
        var portable = digests.Where(d => d.Numerics == "portable").ToList();
        Assert.All(native, d => Assert.Equal("native", d.InForce));
        Assert.True(native.Select(d => d.Digest).Distinct().Count() > 1, $"native numerics gave one digest at every level: {native[0].Digest}");
        if (!(Avx2.IsSupported && Fma.IsSupported))
        {
            // Portable pins AVX2 kernels this CPU lacks: the runs say they were native instead.
            Assert.All(portable, d => Assert.Equal("native", d.InForce));
            return;
        }

        Assert.All(portable, d => Assert.Equal("portable", d.InForce));
        Assert.Single(portable.Select(d => d.Digest).Distinct());
    }
}
