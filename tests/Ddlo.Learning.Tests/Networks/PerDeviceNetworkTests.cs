using System.Collections.Immutable;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Networks;

/// <summary>The per-device architecture: one network, shared by every device, whose size does not depend on N.</summary>
[Collection(TorchGenerator.Name)]
public sealed class PerDeviceNetworkTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(1000)]
    public void Should_have_the_same_shape_for_any_number_of_devices_and_one_logit_per_task(int devices)
    {
        var options = Options(devices, seed: 1);
        using var network = new OffloadingNetwork(options, new InputNormalizer(10, 30));
        var logits = new float[devices * 3];
        network.Logits(Enumerable.Range(0, devices * 3).Select(i => 10.0 + (i % 21)).ToArray(), logits);

        Assert.Equal(3 + NetworkOptions.MeanSizeFeatures, options.LayerInputs);
        Assert.Equal(3, options.LayerOutputs);
        Assert.Equal(devices, options.RowsPerSlot);
        Assert.Equal(((4 * 16) + 16) + ((16 * 16) + 16) + ((16 * 3) + 3), options.Parameters);
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Should_give_two_devices_with_the_same_sizes_in_the_same_slot_the_same_decision()
    {
        using var network = new OffloadingNetwork(Options(4, seed: 2), new InputNormalizer(10, 30));
        var logits = new float[12];
        network.Logits([12, 25, 30, 18, 11, 29, 12, 25, 30, 20, 20, 20], logits);

        Assert.Equal(logits[..3], logits[6..9]);
        Assert.NotEqual(logits[..3], logits[3..6]);
    }

    [Fact]
    public void Should_learn_a_rule_that_depends_on_the_slot_load_from_every_device_row()
    {
        // Offload a task when it is larger than the slot's mean size: the mean is only in the context feature.
        using var network = new OffloadingNetwork(Options(20, seed: 3, learningRate: 0.01), new InputNormalizer(10, 30));
        var random = new Random(4);
        (float[] Sizes, float[] Labels) Batch(int slots)
        {
            var sizes = new float[slots * 60];
            var labels = new float[slots * 60];
            for (int slot = 0; slot < slots; slot++)
            {
                int low = random.Next(10, 20);
                for (int i = 0; i < 60; i++)
                {
                    sizes[(slot * 60) + i] = random.Next(low, low + 11);
                }

                float mean = sizes.AsSpan(slot * 60, 60).ToArray().Average();
                for (int i = 0; i < 60; i++)
                {
                    labels[(slot * 60) + i] = sizes[(slot * 60) + i] > mean ? 1f : 0f;
                }
            }

            return (sizes, labels);
        }

        var (testSizes, testLabels) = Batch(32);
        double before = network.Loss(testSizes, testLabels, 32);
        for (int step = 0; step < 300; step++)
        {
            var (sizes, labels) = Batch(16);
            network.Train(sizes, labels, 16);
        }

        double after = network.Loss(testSizes, testLabels, 32);
        Assert.True(after < before / 2, $"loss {before} -> {after}");
    }

    [Fact]
    public void Should_restore_its_state_into_a_per_device_network_but_not_into_a_full_one()
    {
        using var network = new OffloadingNetwork(Options(10, seed: 5), new InputNormalizer(10, 30));
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            network.WriteState(writer);
        }

        using var twin = new OffloadingNetwork(Options(10, seed: 6), new InputNormalizer(10, 30));
        stream.Position = 0;
        twin.ReadState(new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true));
        var sizes = Enumerable.Range(0, 30).Select(i => 10.0 + i % 20).ToArray();
        float[] a = new float[30], b = new float[30];
        network.Logits(sizes, a);
        twin.Logits(sizes, b);
        Assert.Equal(a, b);

        using var full = new OffloadingNetwork(new NetworkOptions(30, [16, 16], 0.01, 1), new InputNormalizer(10, 30));
        stream.Position = 0;
        var error = Assert.Throws<InvalidDataException>(() => full.ReadState(new BinaryReader(stream)));
        Assert.Contains("full 30-16-16-30", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// With context (a channel's rate per device, feature-major after the sizes), each device's row ends with its own
    /// context value: changing one device's rate changes that device's logits and no other's.
    /// </summary>
    [Fact]
    public void Should_give_each_device_its_own_context_at_the_end_of_its_row()
    {
        var options = Options(4, seed: 7) with { ContextInputs = 4 };
        var normalizer = new InputNormalizer(10, 30).WithContext(12, 4, 1);
        using var network = new OffloadingNetwork(options.Validate(), normalizer);
        double[] sizes = [12, 25, 30, 18, 11, 29, 12, 25, 30, 20, 20, 20];
        float[] before = new float[12], after = new float[12];
        network.Logits([.. sizes, 1.0, 0.5, 1.0, 2.0], before);
        network.Logits([.. sizes, 1.0, 0.5, 3.0, 2.0], after);

        Assert.Equal(3 + NetworkOptions.MeanSizeFeatures + 1, options.LayerInputs);
        Assert.Equal("per-device (3 + 1 + 1)-16-16-3", options.Describe());
        // Devices 0 and 2 have the same sizes and, before the change, the same rate: the same logits.
        Assert.Equal(before[..3], before[6..9]);
        Assert.Equal(before[..6], after[..6]);
        Assert.NotEqual(before[6..9], after[6..9]);
        Assert.Equal(before[9..], after[9..]);
    }

    /// <summary>
    /// Two context values per device, feature-major (every device's first, then every device's second): each device's
    /// row ends with its own two, so changing device 1's second value changes device 1's logits alone, and swapping the
    /// layout to device-major would change others'.
    /// </summary>
    [Fact]
    public void Should_read_each_devices_own_values_from_feature_major_context()
    {
        var options = Options(3, seed: 8) with { ContextInputs = 6 };
        using var network = new OffloadingNetwork(options.Validate(), new InputNormalizer(10, 30).WithContext(9, 6, 1));
        double[] sizes = [20, 20, 20, 20, 20, 20, 20, 20, 20];
        float[] before = new float[9], after = new float[9], moved = new float[9];
        network.Logits([.. sizes, 1, 2, 3, 0.5, 0.5, 0.5], before);
        network.Logits([.. sizes, 1, 2, 3, 0.5, 4.0, 0.5], after);
        // Devices 0 and 2 with their first values swapped: their logits swap.
        network.Logits([.. sizes, 3, 2, 1, 0.5, 0.5, 0.5], moved);

        Assert.Equal(before[..3], after[..3]);
        Assert.NotEqual(before[3..6], after[3..6]);
        Assert.Equal(before[6..], after[6..]);
        Assert.Equal(before[..3], moved[6..]);
        Assert.Equal(before[6..], moved[..3]);
    }

    [Fact]
    public void Should_refuse_context_that_does_not_split_into_devices()
    {
        var error = Assert.Throws<ArgumentException>(() => (Options(4, seed: 1) with { ContextInputs = 6 }).Validate());

        Assert.Contains("Context inputs (6)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_inputs_that_do_not_split_into_devices()
    {
        var error = Assert.Throws<ArgumentException>(() => (Options(4, seed: 1) with { Inputs = 13 }).Validate());

        Assert.Contains("13 inputs", error.Message, StringComparison.Ordinal);
    }

    private static NetworkOptions Options(int devices, int seed, double learningRate = 0.01) =>
        new(devices * 3, ImmutableArray.Create(16, 16), learningRate, seed, 0.9, NetworkArchitecture.PerDevice, TasksPerDevice: 3);
}
