using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Ddlo.Learning;
using Ddlo.Learning.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddlo.Learning.Tests;

[Collection(TorchGenerator.Name)]
public sealed partial class TorchRuntimeTests
{
    [Fact]
    public void Should_load_libtorch_and_run_a_forward_and_backward_pass()
    {
        TorchRuntime.EnsureInitialised();
        using var scope = NewDisposeScope();
        torch.manual_seed(1);
        var network = nn.Sequential(("hidden", nn.Linear(4, 8)), ("relu", nn.ReLU()), ("out", nn.Linear(8, 2)));
        var input = torch.ones(3, 4);

        var output = network.forward(input);
        var loss = output.pow(2).mean();
        loss.backward();

        Assert.Equal(new long[] { 3, 2 }, output.shape);
        Assert.True(double.IsFinite(loss.item<float>()));
        var gradient = network.parameters().First().grad;
        Assert.NotNull(gradient);
        Assert.True(gradient!.abs().sum().item<float>() > 0, "backward should produce a non-zero gradient");
        Assert.Equal(1, torch.get_num_threads());
    }

    [Fact]
    public void Should_refuse_a_run_asking_for_other_numerics_than_the_process_runs_under_naming_the_key()
    {
        // This test process runs under the default, as every test here does.
        TorchRuntime.EnsureInitialised();
        Assert.Equal(Numerics.Portable, TorchRuntime.UseNumerics(Numerics.Portable).Requested);

        var error = Assert.Throws<NumericsConflictException>(() => TorchRuntime.UseNumerics(Numerics.Native));

        Assert.StartsWith("ddlo.run.numerics: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("already runs with portable numerics, and a run asks for native", error.Message, StringComparison.Ordinal);
        Assert.Equal(Numerics.Portable, TorchRuntime.CurrentNumerics!.Requested);
    }

    [Fact]
    public void Should_refuse_to_build_a_network_for_other_numerics_than_the_process_runs_under()
    {
        TorchRuntime.EnsureInitialised();
        var options = new NetworkOptions(9, ImmutableArray.Create(8), 0.01, Seed: 1) { Numerics = Numerics.Native };

        Assert.Throws<NumericsConflictException>(() => new OffloadingNetwork(options, new InputNormalizer(10, 30, 100)).Dispose());
    }

    [Fact]
    public void Should_put_the_portable_pins_where_libtorch_and_child_processes_read_them()
    {
        var plan = TorchRuntime.UseNumerics(Numerics.Portable);
        if (plan.InForce != Numerics.Portable)
        {
            // A CPU without AVX2 or FMA: nothing may be pinned, and the plan says why.
            Assert.Empty(plan.Variables);
            Assert.NotNull(plan.Warning);
            return;
        }

        foreach (var (name, value) in NumericsPlan.PortableVariables)
        {
            // The native environment, which MKL, ATen and oneDNN read with getenv...
            Assert.Equal(value, Marshal.PtrToStringUTF8(GetEnvironment(name)));
            // ...and .NET's copy, from which Process.Start builds a child's environment.
            Assert.Equal(value, Environment.GetEnvironmentVariable(name));
        }
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr GetEnvironment(string name);
}
