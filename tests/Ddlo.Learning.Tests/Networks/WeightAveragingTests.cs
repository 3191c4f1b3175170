using System.Collections.Immutable;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Networks;

/// <summary>Copies of a network averaged parameter by parameter, as a map's learner copies are (<c>ddlo.topology.learner-copies</c>).</summary>
[Collection(TorchGenerator.Name)]
public sealed class WeightAveragingTests
{
    [Fact]
    public void Should_give_every_copy_the_hand_computed_mean_of_the_copies_weights()
    {
        // Three copies that have learned apart: the same start, each trained on data of its own.
        var copies = new[] { Create(), Create(), Create() };
        try
        {
            for (int c = 0; c < copies.Length; c++)
            {
                var random = new Random(100 + c);
                float[] sizes = [.. Enumerable.Range(0, 32 * 9).Select(_ => (float)random.Next(10, 31))];
                float[] labels = [.. sizes.Select(s => s > 15 + (5 * c) ? 1f : 0f)];
                for (int step = 0; step < 5; step++)
                {
                    copies[c].Train(sizes, labels, 32);
                }
            }

            var before = copies.Select(copy => copy.LinearLayers()).ToArray();
            Assert.NotEqual(before[0][0].Weight, before[1][0].Weight);

            var mean = WeightAveraging.Mean([.. copies.Select(copy => copy.ParameterValues())]);
            foreach (var copy in copies)
            {
                copy.LoadParameterValues(mean);
            }

            foreach (var copy in copies)
            {
                var after = copy.LinearLayers();
                for (int layer = 0; layer < after.Count; layer++)
                {
                    // By hand: each weight and bias is the sum of the three copies' values over three.
                    float[] weights = [.. Enumerable.Range(0, after[layer].Weight.Length).Select(i => (float)((before[0][layer].Weight[i] + (double)before[1][layer].Weight[i] + before[2][layer].Weight[i]) / 3))];
                    float[] biases = [.. Enumerable.Range(0, after[layer].Bias.Length).Select(i => (float)((before[0][layer].Bias[i] + (double)before[1][layer].Bias[i] + before[2][layer].Bias[i]) / 3))];
                    Assert.Equal(weights, after[layer].Weight);
                    Assert.Equal(biases, after[layer].Bias);
                }
            }
        }
        finally
        {
            foreach (var copy in copies)
            {
                copy.Dispose();
            }
        }
    }

    [Fact]
    public void Should_leave_a_single_copy_as_it_is()
    {
        using var network = Create();
        float[] values = network.ParameterValues();

        Assert.Equal(values, WeightAveraging.Mean([values]));
    }

    [Fact]
    public void Should_refuse_copies_of_different_networks_and_values_of_another_size()
    {
        using var network = Create();

        Assert.Throws<ArgumentException>(() => WeightAveraging.Mean([]));
        Assert.Contains("hold as many parameters", Assert.Throws<ArgumentException>(() => WeightAveraging.Mean([new float[3], new float[4]])).Message, StringComparison.Ordinal);
        Assert.Contains($"has {network.ParameterValues().Length} parameters, but 5 values", Assert.Throws<ArgumentException>(() => network.LoadParameterValues(new float[5])).Message, StringComparison.Ordinal);
    }

    private static OffloadingNetwork Create() => new(new NetworkOptions(9, ImmutableArray.Create(16, 8), 0.01, 3), new InputNormalizer(10, 30));
}
