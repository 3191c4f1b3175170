using System.Collections.Immutable;
using Ddlo.Learning.Networks;

namespace Ddlo.Learning.Tests.Networks;

[Collection(TorchGenerator.Name)]
public sealed class WeightHistoryTests
{
    private static readonly double[] Sizes = [12, 25, 11, 29, 30, 10, 22, 18, 27];

    [Theory]
    [InlineData(NetworkArchitecture.Full)]
    [InlineData(NetworkArchitecture.PerDevice)]
    public void Should_answer_from_a_kept_round_with_the_bits_the_network_gave_in_that_round(NetworkArchitecture architecture)
    {
        using var network = new OffloadingNetwork(new NetworkOptions(9, [120, 80], 0.01, 3, Architecture: architecture, TasksPerDevice: 3), new InputNormalizer(10, 30));
        using var history = new WeightHistory(depth: 2);
        var random = new Random(4);
        var logitsByRound = new List<float[]>();
        for (long round = 0; round < 4; round++)
        {
            history.Record(round, network);
            var logits = new float[9];
            network.Logits(Sizes, logits);
            logitsByRound.Add(logits);
            float[] batch = [.. Enumerable.Range(0, 16 * 9).Select(_ => (float)random.Next(10, 31))];
            network.Train(batch, [.. batch.Select(s => s > 20 ? 1f : 0f)], 16);
        }

        Assert.Equal([2L, 3L], history.Rounds);
        Assert.Null(history.At(1));
        foreach (long round in new long[] { 2, 3 })
        {
            var past = new float[9];
            network.Logits(Sizes, past, history.At(round)!);
            Assert.Equal(logitsByRound[(int)round], past);
        }

        var now = new float[9];
        network.Logits(Sizes, now);
        Assert.NotEqual(logitsByRound[3], now);
    }

    [Fact]
    public void Should_come_back_from_its_saved_state_with_the_same_rounds_and_weights()
    {
        var options = new NetworkOptions(9, [16], 0.01, 5);
        using var network = new OffloadingNetwork(options, new InputNormalizer(10, 30));
        using var history = new WeightHistory(depth: 3);
        history.Record(7, network);
        var expected = new float[9];
        network.Logits(Sizes, expected);
        float[] batch = [.. Enumerable.Repeat(20f, 4 * 9)];
        network.Train(batch, [.. Enumerable.Repeat(1f, 4 * 9)], 4);
        history.Record(8, network);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            history.WriteState(writer);
        }

        stream.Position = 0;
        using var restored = new WeightHistory(depth: 3);
        restored.ReadState(new BinaryReader(stream), network);
        Assert.Equal([7L, 8L], restored.Rounds);
        var past = new float[9];
        network.Logits(Sizes, past, restored.At(7)!);
        Assert.Equal(expected, past);

        stream.Position = 0;
        using var shallow = new WeightHistory(depth: 1);
        var error = Assert.Throws<InvalidDataException>(() => shallow.ReadState(new BinaryReader(stream), network));
        Assert.Contains("staleness", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(3, 10, 2)]
    [InlineData(7, 10, 2)]
    [InlineData(10, 10, 3)]
    [InlineData(7, 1, 9)]
    public void Should_keep_enough_rounds_for_the_staleness_and_training_interval(int staleness, int interval, int depth) =>
        Assert.Equal(depth, WeightHistory.DepthFor(staleness, interval));
}
