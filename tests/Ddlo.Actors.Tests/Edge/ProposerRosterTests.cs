using Ddlo.Actors.Edge;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Tests.Edge;

public sealed class ProposerRosterTests
{
    [Fact]
    public void Should_name_a_lost_proposer_by_its_index_and_wait_only_for_the_live_ones()
    {
        var roster = new ProposerRoster<string>(["dnn-0", "dnn-1", "dnn-2"]);
        Assert.False(roster.AllAnswered(2));

        Assert.True(roster.Remove("dnn-1", out var lost));

        Assert.Equal(new DnnId(1), lost);
        Assert.Equal(2, roster.LiveCount);
        Assert.Equal(3, roster.Count);
        Assert.True(roster.AllAnswered(2));
    }

    [Fact]
    public void Should_lose_a_proposer_only_once_and_never_an_actor_that_is_no_proposer()
    {
        var roster = new ProposerRoster<string>(["dnn-0", "dnn-1"]);

        Assert.True(roster.Remove("dnn-0", out _));
        Assert.False(roster.Remove("dnn-0", out _));
        Assert.False(roster.Remove("solver-0", out _));
        Assert.Equal(1, roster.LiveCount);
    }
}
