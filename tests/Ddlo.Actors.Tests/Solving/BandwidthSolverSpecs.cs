using Akka.Actor;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Messages;
using Ddlo.Actors.Solving;
using Ddlo.Core.Model;

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
}
