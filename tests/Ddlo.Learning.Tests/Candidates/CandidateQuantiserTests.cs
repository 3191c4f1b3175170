using Ddlo.Learning.Candidates;

namespace Ddlo.Learning.Tests.Candidates;

public sealed class CandidateQuantiserTests
{
    [Fact]
    public void Should_make_one_threshold_candidate_offloading_where_the_logit_is_above_zero()
    {
        var bits = CandidateQuantiser.Generate([0.3f, -2f, 0f, 5f], Quantiser.Threshold, count: 1);

        Assert.Equal("1001", Text(bits));
    }

    [Fact]
    public void Should_threshold_at_the_outputs_closest_to_one_half_in_order()
    {
        // Logits 2.0, -0.5, 0.1, -3.0 (sigmoids 0.88, 0.38, 0.52, 0.05). Closest to 0 (0.5): 0.1, then -0.5, then 2.0.
        var bits = CandidateQuantiser.Generate([2f, -0.5f, 0.1f, -3f], Quantiser.OrderPreserving, count: 4);

        Assert.Equal(4 * 4, bits.Length);
        Assert.Equal("1010", Text(bits.AsSpan(0, 4))); // the threshold candidate
        Assert.Equal("1000", Text(bits.AsSpan(4, 4))); // pivot 0.1 > 0: it goes to local, as everything at or below it
        Assert.Equal("1110", Text(bits.AsSpan(8, 4))); // pivot -0.5 <= 0: it is offloaded, as everything above it
        Assert.Equal("0000", Text(bits.AsSpan(12, 4))); // pivot 2.0 > 0: only what is above 2.0 offloads
    }

    [Fact]
    public void Should_offload_an_output_of_exactly_one_half_when_it_is_the_pivot_and_break_distance_ties_by_index()
    {
        // Logit 0 is exactly 0.5: local in the threshold candidate, offloaded (with all at or above it) as a pivot.
        // -1 and 1 tie in distance: the lower index (-1, task 1) is the next pivot.
        var bits = CandidateQuantiser.Generate([0f, -1f, 1f, 0f], Quantiser.OrderPreserving, count: 4);

        Assert.Equal("0010", Text(bits.AsSpan(0, 4)));
        Assert.Equal("1011", Text(bits.AsSpan(4, 4))); // pivot task 0 (0): offload >= 0
        Assert.Equal("1011", Text(bits.AsSpan(8, 4))); // pivot task 3 (0, the tie by index): the same candidate
        Assert.Equal("1111", Text(bits.AsSpan(12, 4))); // pivot task 1 (-1): offload >= -1
    }

    [Fact]
    public void Should_keep_the_order_of_the_outputs_in_every_candidate()
    {
        var random = new Random(3);
        float[] logits = Enumerable.Range(0, 30).Select(_ => (float)((random.NextDouble() * 8) - 4)).ToArray();
        var bits = CandidateQuantiser.Generate(logits, Quantiser.OrderPreserving, count: 10);

        for (int c = 0; c < 10; c++)
        {
            var candidate = bits.AsSpan(c * 30, 30);
            for (int i = 0; i < 30; i++)
            {
                for (int j = 0; j < 30; j++)
                {
                    Assert.False(candidate[i] && !candidate[j] && logits[j] > logits[i], $"candidate {c} offloads task {i} but not the larger task {j}");
                }
            }
        }
    }

    [Theory]
    [InlineData(7, 2)]
    [InlineData(7, 5)]
    [InlineData(300, 2)]
    [InlineData(300, 17)]
    [InlineData(40, 40)]
    public void Should_pivot_at_the_outputs_a_stable_sort_by_distance_from_zero_puts_first(int width, int count)
    {
        // Logits on a coarse grid, so that many tie in distance (+x and -x, and repeats).
        var random = new Random(width * 31 + count);
        float[] logits = Enumerable.Range(0, width).Select(_ => random.Next(-6, 7) / 2f).ToArray();

        var bits = CandidateQuantiser.Generate(logits, Quantiser.OrderPreserving, count);

        var order = Enumerable.Range(0, width).OrderBy(i => Math.Abs(logits[i])).ThenBy(i => i).ToArray();
        for (int k = 1; k < Math.Min(count, width); k++)
        {
            float pivot = logits[order[k - 1]];
            var expected = logits.Select(l => pivot > 0 ? l > pivot : l >= pivot).ToArray();
            Assert.Equal(Text(expected), Text(bits.AsSpan(k * width, width)));
        }
    }

    [Fact]
    public void Should_give_at_most_one_candidate_per_output()
    {
        Assert.Equal(3 * 3, CandidateQuantiser.Generate([1f, -1f, 0.5f], Quantiser.OrderPreserving, count: 50).Length);
        Assert.Equal(2 * 3 * 3, CandidateQuantiser.Generate([1f, -1f, 0.5f], Quantiser.NoisyOrderPreserving, count: 50, new Random(1)).Length);
    }

    [Fact]
    public void Should_add_as_many_candidates_from_the_perturbed_output_reproducibly_from_its_seed()
    {
        float[] logits = [0.2f, -0.1f, 3f, -4f, 0.05f];
        var first = CandidateQuantiser.Generate(logits, Quantiser.NoisyOrderPreserving, count: 3, new Random(11));
        var again = CandidateQuantiser.Generate(logits, Quantiser.NoisyOrderPreserving, count: 3, new Random(11));
        var plain = CandidateQuantiser.Generate(logits, Quantiser.OrderPreserving, count: 3);

        Assert.Equal(2 * 3 * 5, first.Length);
        Assert.Equal(Text(plain), Text(first.AsSpan(0, 15)));
        Assert.Equal(Text(first), Text(again));
        var otherSeeds = Enumerable.Range(0, 20).Select(seed => Text(CandidateQuantiser.Generate(logits, Quantiser.NoisyOrderPreserving, 3, new Random(seed)).AsSpan(15))).Distinct().Count();
        Assert.True(otherSeeds > 1, "the noise changed nothing across 20 seeds");
    }

    private static string Text(ReadOnlySpan<bool> bits)
    {
        var chars = new char[bits.Length];
        for (int i = 0; i < bits.Length; i++)
        {
            chars[i] = bits[i] ? '1' : '0';
        }

        return new string(chars);
    }
}
