using Ddlo.Actors.Edge;

namespace Ddlo.Actors.Tests.Edge;

public sealed class SolverRingTests
{
    [Fact]
    public void Should_deal_round_the_ring_starting_after_the_first_solver()
    {
        var ring = new SolverRing<string>(["a", "b", "c"]);

        Assert.Equal(["b", "c", "a", "b"], Enumerable.Range(0, 4).Select(_ => ring.Next()));
    }

    [Fact]
    public void Should_deal_to_a_solver_that_joins_and_never_to_one_that_left()
    {
        var ring = new SolverRing<string>(["a", "b"]);
        ring.Next();
        ring.Remove("a");
        ring.Add("c");

        Assert.Equal(2, ring.Count);
        Assert.Equal(["b", "c", "b", "c"], Enumerable.Range(0, 4).Select(_ => ring.Next()));
    }

    [Fact]
    public void Should_ignore_the_loss_of_an_actor_that_is_no_solver()
    {
        var ring = new SolverRing<string>(["a"]);

        ring.Remove("z");

        Assert.Equal(["a"], ring.Solvers);
    }
}
