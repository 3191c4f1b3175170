using Ddlo.Learning;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddlo.Learning.Tests;

[Collection(TorchGenerator.Name)]
public sealed class TorchRuntimeTests
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
}
