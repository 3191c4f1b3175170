using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Solving;
using Ddlo.Core.Model;
using Ddlo.Core.Wpmec;

namespace Ddlo.Actors.Tests.Solving;

public sealed class BandwidthSolverSpecs : TestKit
{
    [Fact]
    public void Should_price_a_candidate_with_the_exact_bandwidth_split()
    {
        var model = new MecModel(MecParameters.Paper, BandwidthPolicy.Optimal);
        var solver = Sys.ActorOf(BandwidthSolver.Props(model));
        var workload = Workload.Create(3, 3, [22, 25, 10, 13, 13, 17, 19, 29, 28]);
        var decision = OffloadDecision.Parse("110101011", 9);

        solver.Tell(new Solve(new SlotId(3), new DnnId(1), workload, decision.Bits));

        var solved = ExpectMsg<Solved>();
        var expected = model.Evaluate(workload, decision);
        Assert.Equal(expected.Q, solved.Q);
        Assert.Equal(expected.Bandwidth.ToArray(), solved.Bandwidth.ToArray());
        Assert.Equal(decision.Bits.ToArray(), solved.Decision.ToArray());
        Assert.Equal(new DnnId(1), solved.Dnn);
    }

    [Fact]
    public void Should_improve_a_wpmec_decision_by_coordinate_descent_from_it_and_say_what_it_priced()
    {
        var model = new WpmecModel(WpmecParameters.Paper, WpmecParameters.DefaultWeights(4));
        var solver = Sys.ActorOf(BandwidthSolver.Props(model));
        var workload = Workload.Create(4, 1, [2e-6, 5e-7, 9e-6, 1e-6]);
        ImmutableArray<bool> start = [false, false, false, false];

        solver.Tell(new SearchAround(new SlotId(5), workload, start, Rounds: 10));

        var searched = ExpectMsg<Searched>();
        var expected = model.Improve(workload, start.AsSpan(), 10);
        Assert.Equal(expected.Mode, searched.Decision.ToArray());
        Assert.Equal((expected.Steps, expected.Priced), (searched.Steps, searched.Priced));
        Assert.Equal(model.Value(workload, OffloadDecision.FromBits(expected.Mode)), searched.Q);
        Assert.True(searched.Q > model.Value(workload, OffloadDecision.FromBits(start)), "all-local is not the best of these modes");
    }
}
