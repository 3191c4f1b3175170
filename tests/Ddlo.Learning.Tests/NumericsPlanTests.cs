namespace Ddlo.Learning.Tests;

public sealed class NumericsPlanTests
{
    [Fact]
    public void Should_pin_mkl_aten_and_onednn_to_their_avx2_kernels_for_portable_numerics_on_a_cpu_with_avx2_and_fma()
    {
        var plan = NumericsPlan.For(Numerics.Portable, avx2: true, fma: true);

        Assert.Equal(Numerics.Portable, plan.InForce);
        Assert.Null(plan.Warning);
        Assert.Equal(
            new Dictionary<string, string> { ["MKL_CBWR"] = "AVX2", ["ATEN_CPU_CAPABILITY"] = "avx2", ["ONEDNN_MAX_CPU_ISA"] = "AVX2" },
            plan.Variables.ToDictionary());
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Should_leave_the_environment_as_it_is_for_native_numerics(bool avx2, bool fma)
    {
        var plan = NumericsPlan.For(Numerics.Native, avx2, fma);

        Assert.Equal(Numerics.Native, plan.InForce);
        Assert.Empty(plan.Variables);
        Assert.Null(plan.Warning);
    }

    [Theory]
    [InlineData(true, false, "no FMA")]
    [InlineData(false, true, "no AVX2")]
    [InlineData(false, false, "neither")]
    public void Should_run_native_with_a_warning_naming_the_key_when_the_cpu_cannot_keep_portable(bool avx2, bool fma, string missing)
    {
        var plan = NumericsPlan.For(Numerics.Portable, avx2, fma);

        Assert.Equal(Numerics.Portable, plan.Requested);
        Assert.Equal(Numerics.Native, plan.InForce);
        // ATen would fault on AVX2 kernels this CPU lacks: nothing is pinned.
        Assert.Empty(plan.Variables);
        Assert.Contains("ddlo.run.numerics", plan.Warning, StringComparison.Ordinal);
        Assert.Contains(missing, plan.Warning, StringComparison.Ordinal);
    }
}
