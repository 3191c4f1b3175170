using System.Collections.Immutable;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Networks;

[Collection(TorchGenerator.Name)]
public sealed class OffloadingNetworkTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-net-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Should_lower_its_loss_and_learn_a_rule_from_a_fixed_labelled_set()
    {
        using var network = Create(seed: 1);
        // Rule: offload task i when it is larger than 20 MB.
        var random = new Random(2);
        float[] sizes = Enumerable.Range(0, 128 * 9).Select(_ => (float)random.Next(10, 31)).ToArray();
        float[] labels = sizes.Select(s => s > 20 ? 1f : 0f).ToArray();

        double before = network.Loss(sizes, labels, 128);
        for (int step = 0; step < 200; step++)
        {
            network.Train(sizes, labels, 128);
        }

        double after = network.Loss(sizes, labels, 128);
        Assert.True(after < before / 4, $"loss {before} -> {after}");
        var decision = new bool[9];
        network.Decide([12, 25, 11, 29, 30, 10, 22, 18, 27], decision);
        Assert.Equal([false, true, false, true, true, false, true, false, true], decision);
    }

    [Fact]
    public void Should_start_from_the_same_weights_for_the_same_seed_and_differ_across_seeds()
    {
        using var a = Create(seed: 7);
        using var b = Create(seed: 7);
        using var c = Create(seed: 8);
        var random = new Random(1);
        int same = 0, differ = 0;
        for (int i = 0; i < 50; i++)
        {
            double[] sizes = Enumerable.Range(0, 9).Select(_ => (double)random.Next(10, 31)).ToArray();
            bool[] x = new bool[9], y = new bool[9], z = new bool[9];
            a.Decide(sizes, x);
            b.Decide(sizes, y);
            c.Decide(sizes, z);
            same += x.SequenceEqual(y) ? 1 : 0;
            differ += x.SequenceEqual(z) ? 0 : 1;
        }

        Assert.Equal(50, same);
        Assert.True(differ > 25, $"only {differ} of 50 decisions differed across seeds");
    }

    /// <summary>
    /// PyTorch's default start (what the DROO and LyDROO authors' code keeps): reproducible by seed, and far wider than
    /// DDLO's N(0, 1 / inputs): its logits spread well away from 0 where DDLO's stay near it.
    /// </summary>
    [Fact]
    public void Should_start_from_pytorchs_default_weights_when_asked_reproducibly_by_seed()
    {
        NetworkOptions Options(Initialisation start) =>
            new NetworkOptions(30, ImmutableArray.Create(256, 128), 0.01, 3) { Initialisation = start, ContextInputs = 0 };
        var normalizer = InputNormalizer.Times(1);
        using var torchA = new OffloadingNetwork(Options(Initialisation.PyTorch), normalizer);
        using var torchB = new OffloadingNetwork(Options(Initialisation.PyTorch), normalizer);
        using var ddlo = new OffloadingNetwork(Options(Initialisation.Ddlo), normalizer);
        double[] input = [.. Enumerable.Range(0, 30).Select(i => (i % 7) / 7.0)];
        float[] a = new float[30], b = new float[30], d = new float[30];

        torchA.Logits(input, a);
        torchB.Logits(input, b);
        ddlo.Logits(input, d);

        Assert.Equal(string.Join(",", a), string.Join(",", b));
        Assert.True(a.Max(Math.Abs) > 10 * d.Max(Math.Abs), $"PyTorch's start gives logits up to {a.Max(Math.Abs)}, DDLO's up to {d.Max(Math.Abs)}");
    }

    [Fact]
    public void Should_decide_the_same_after_saving_and_loading_its_weights()
    {
        using var trained = Create(seed: 3);
        var random = new Random(4);
        float[] sizes = Enumerable.Range(0, 64 * 9).Select(_ => (float)random.Next(10, 31)).ToArray();
        float[] labels = sizes.Select((s, i) => (i % 3 == 0) ^ (s > 15) ? 1f : 0f).ToArray();
        for (int i = 0; i < 20; i++)
        {
            trained.Train(sizes, labels, 64);
        }

        string path = Path.Combine(directory, "net.bin");
        trained.Save(path);
        using var loaded = Create(seed: 99);
        loaded.Load(path);

        Assert.Equal(trained.Loss(sizes, labels, 64), loaded.Loss(sizes, labels, 64), 6);
    }

    [Fact]
    public void Should_refuse_a_hidden_layer_of_width_zero()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new NetworkOptions(9, [120, 0], 0.01, 1).Validate());

        Assert.Contains("width >= 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_train_on_exactly_as_before_after_its_state_and_Adam_moments_are_restored()
    {
        using var original = Create(seed: 3);
        var random = new Random(4);
        float[] Batch() => Enumerable.Range(0, 32 * 9).Select(_ => (float)random.Next(10, 31)).ToArray();
        var batches = Enumerable.Range(0, 40).Select(_ => Batch()).Select(s => (Sizes: s, Labels: s.Select(x => x > 18 ? 1f : 0f).ToArray())).ToList();
        foreach (var (sizes, labels) in batches.Take(20))
        {
            original.Train(sizes, labels, 32);
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            original.WriteState(writer);
        }

        // A network with other initial weights (and fresh Adam moments) takes the state up.
        using var restored = Create(seed: 99);
        stream.Position = 0;
        using (var reader = new BinaryReader(stream))
        {
            restored.ReadState(reader);
        }

        Assert.Equal(20, restored.TrainingSteps);
        // Adam's moments and step count matter: equal losses over 20 more steps show they were restored too.
        foreach (var (sizes, labels) in batches.Skip(20))
        {
            Assert.Equal(original.Train(sizes, labels, 32), restored.Train(sizes, labels, 32));
        }
    }

    [Fact]
    public void Should_refuse_a_saved_state_of_another_shape()
    {
        using var small = new OffloadingNetwork(new NetworkOptions(4, ImmutableArray.Create(8), 0.01, 1), new InputNormalizer(10, 30));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            small.WriteState(writer);
        }

        using var network = Create(seed: 1);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        Assert.ThrowsAny<Exception>(() => network.ReadState(reader));
    }

    private static OffloadingNetwork Create(int seed) =>
        new(new NetworkOptions(9, ImmutableArray.Create(120, 80), 0.01, seed), new InputNormalizer(10, 30));
}
