using Ddlo.Learning.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Ddlo.Learning.Tests.Networks;

[Collection(TorchGenerator.Name)]
public sealed class AdamOptimizerTests
{
    [Fact]
    public void Should_take_exactly_the_steps_torchsharps_adam_takes()
    {
        TorchRuntime.EnsureInitialised();
        var (ours, oursModel, theirsModel) = Pair();
        using var optimizer = new AdamOptimizer(oursModel.parameters(), learningRate: 0.01, beta1: 0.09);
        using var reference = torch.optim.Adam(theirsModel.parameters(), lr: 0.01, beta1: 0.09);
        torch.manual_seed(11);
        using var inputs = torch.randn(32, 9);
        using var targets = torch.rand(32, 9).round();

        for (int step = 0; step < 25; step++)
        {
            using (NewDisposeScope())
            {
                optimizer.ZeroGrad();
                nn.functional.binary_cross_entropy_with_logits(oursModel.forward(inputs), targets).backward();
                optimizer.Step();
                reference.zero_grad();
                nn.functional.binary_cross_entropy_with_logits(theirsModel.forward(inputs), targets).backward();
                reference.step();
            }
        }

        var a = oursModel.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var b = theirsModel.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(b, a);
        Assert.NotEqual(ours, a);
        Assert.Equal(25, optimizer.Steps);
    }

    /// <summary>DROO's published code creates a fresh Adam (weight decay 1e-4) for every training round: so does per-round.</summary>
    [Fact]
    public void Should_step_as_a_fresh_torchsharp_adam_with_weight_decay_every_round_when_per_round()
    {
        TorchRuntime.EnsureInitialised();
        var (start, oursModel, theirsModel) = Pair();
        using var optimizer = new AdamOptimizer(oursModel.parameters(), learningRate: 0.01, beta1: 0.09) { FreshEveryStep = true, WeightDecay = 1e-4 };
        torch.manual_seed(5);
        using var inputs = torch.randn(32, 9);
        using var targets = torch.rand(32, 9).round();

        for (int step = 0; step < 10; step++)
        {
            using (NewDisposeScope())
            {
                optimizer.ZeroGrad();
                nn.functional.binary_cross_entropy_with_logits(oursModel.forward(inputs), targets).backward();
                optimizer.Step();
                using var fresh = torch.optim.Adam(theirsModel.parameters(), lr: 0.01, beta1: 0.09, weight_decay: 1e-4);
                fresh.zero_grad();
                nn.functional.binary_cross_entropy_with_logits(theirsModel.forward(inputs), targets).backward();
                fresh.step();
            }
        }

        var a = oursModel.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var b = theirsModel.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(b, a);
        Assert.NotEqual(start, a);
        Assert.Equal(1, optimizer.Steps);
    }

    [Fact]
    public void Should_continue_exactly_after_its_state_is_saved_and_read_back()
    {
        TorchRuntime.EnsureInitialised();
        var (_, first) = Model();
        var (_, second) = Model();
        using var original = new AdamOptimizer(first.parameters(), 0.01, 0.09);
        torch.manual_seed(3);
        using var inputs = torch.randn(16, 9);
        using var targets = torch.rand(16, 9).round();
        Train(first, original, inputs, targets);
        Train(first, original, inputs, targets);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.WriteState(writer);
        }

        using var copy = new AdamOptimizer(second.parameters(), 0.01, 0.09);
        stream.Position = 0;
        copy.ReadState(new BinaryReader(stream));
        using (torch.no_grad())
        {
            foreach (var (to, from) in second.parameters().Zip(first.parameters()))
            {
                to.copy_(from);
            }
        }

        Train(first, original, inputs, targets);
        Train(second, copy, inputs, targets);

        Assert.Equal(
            first.parameters().SelectMany(p => p.data<float>().ToArray()),
            second.parameters().SelectMany(p => p.data<float>().ToArray()));
        Assert.Equal(3, copy.Steps);
    }

    [Fact]
    public void Should_undo_a_step_on_rollback_so_that_taking_it_again_gives_the_same_bits()
    {
        TorchRuntime.EnsureInitialised();
        var (start, once, twice) = Pair();
        using var single = new AdamOptimizer(once.parameters(), 0.01, 0.09);
        using var retried = new AdamOptimizer(twice.parameters(), 0.01, 0.09);
        torch.manual_seed(8);
        using var inputs = torch.randn(16, 9);
        using var targets = torch.rand(16, 9).round();
        Train(once, single, inputs, targets);
        retried.Save();
        Train(twice, retried, inputs, targets);
        retried.Rollback();
        using (torch.no_grad())
        {
            int offset = 0;
            foreach (var parameter in twice.parameters())
            {
                int count = (int)parameter.numel();
                using var original = torch.tensor(start[offset..(offset + count)], parameter.shape);
                parameter.copy_(original);
                offset += count;
            }
        }

        Train(twice, retried, inputs, targets);

        Assert.Equal(
            once.parameters().SelectMany(p => p.data<float>().ToArray()),
            twice.parameters().SelectMany(p => p.data<float>().ToArray()));
        Assert.Equal(1, retried.Steps);
    }

    /// <summary>One round: zero the gradients, binary cross-entropy on the logits, backward, one Adam step.</summary>
    private static void Train(nn.Module<Tensor, Tensor> model, AdamOptimizer adam, Tensor inputs, Tensor targets)
    {
        using var scope = NewDisposeScope();
        adam.ZeroGrad();
        nn.functional.binary_cross_entropy_with_logits(model.forward(inputs), targets).backward();
        adam.Step();
    }

    /// <summary>A small network, and a second one with the same weights (copied: torch's generator is shared by tests running alongside).</summary>
    private static (float[] Start, nn.Module<Tensor, Tensor> First, nn.Module<Tensor, Tensor> Second) Pair()
    {
        var (start, first) = Model();
        var (_, second) = Model();
        using (torch.no_grad())
        {
            foreach (var (to, from) in second.parameters().Zip(first.parameters()))
            {
                to.copy_(from);
            }
        }

        return (start, first, second);
    }

    private static (float[] Start, nn.Module<Tensor, Tensor> Model) Model()
    {
        var model = nn.Sequential(("hidden", nn.Linear(9, 12)), ("relu", nn.ReLU()), ("out", nn.Linear(12, 9)));
        return ([.. model.parameters().SelectMany(p => p.data<float>().ToArray())], model);
    }
}
