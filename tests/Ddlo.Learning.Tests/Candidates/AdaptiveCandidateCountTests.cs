using Ddlo.Learning.Candidates;

namespace Ddlo.Learning.Tests.Candidates;

public sealed class AdaptiveCandidateCountTests
{
    [Fact]
    public void Should_start_at_the_configured_count_and_keep_it_when_not_adaptive()
    {
        var count = new AdaptiveCandidateCount(maximum: 6, adaptive: false, interval: 2);
        for (int slot = 0; slot < 10; slot++)
        {
            count.Observe(0);
        }

        Assert.Equal(6, count.Current);
    }

    [Fact]
    public void Should_set_the_count_to_the_largest_winning_index_of_each_window_plus_two_capped_by_the_maximum()
    {
        var count = new AdaptiveCandidateCount(maximum: 6, adaptive: true, interval: 3);

        Observe(count, 0, 1);
        Assert.Equal(6, count.Current); // the window is not over yet
        count.Observe(0);
        Assert.Equal(3, count.Current); // largest index 1, + 2
        Observe(count, 0, 0, 0);
        Assert.Equal(2, count.Current); // only the threshold candidate won: it and one more
        Observe(count, 2, 5, 0);
        Assert.Equal(6, count.Current); // 5 + 2 = 7, capped at 6
    }

    [Fact]
    public void Should_resume_mid_window_from_its_saved_state()
    {
        var first = new AdaptiveCandidateCount(maximum: 8, adaptive: true, interval: 4);
        Observe(first, 3, 0, 0, 0, 1, 2);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            first.WriteState(writer);
        }

        stream.Position = 0;
        var resumed = new AdaptiveCandidateCount(maximum: 8, adaptive: true, interval: 4);
        resumed.ReadState(new BinaryReader(stream));
        Observe(first, 0, 0);
        Observe(resumed, 0, 0);

        Assert.Equal(4, first.Current); // the second window's largest index was 2
        Assert.Equal(first.Current, resumed.Current);
    }

    [Fact]
    public void Should_refuse_a_saved_state_that_does_not_fit_its_settings()
    {
        var big = new AdaptiveCandidateCount(maximum: 8, adaptive: true, interval: 4);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            big.WriteState(writer);
        }

        stream.Position = 0;
        var small = new AdaptiveCandidateCount(maximum: 2, adaptive: true, interval: 4);
        Assert.Throws<InvalidDataException>(() => small.ReadState(new BinaryReader(stream)));
    }

    private static void Observe(AdaptiveCandidateCount count, params int[] winners)
    {
        foreach (int winner in winners)
        {
            count.Observe(winner);
        }
    }
}
