using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Ddlo.Actors.Edge;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Learning.Memory;

namespace Ddlo.Actors.Tests.Edge;

public sealed class EdgeServerSpecs : TestKit
{
    private static readonly MecModel Model = new(MecParameters.Paper, BandwidthPolicy.Optimal);
    private readonly TestProbe[] devices;
    private readonly TestProbe[] dnns;
    private readonly TestProbe solvers;
    private readonly TestProbe memory;
    private readonly TestProbe recorder;

    public EdgeServerSpecs()
    {
        devices = [CreateTestProbe(), CreateTestProbe()];
        dnns = [CreateTestProbe(), CreateTestProbe(), CreateTestProbe()];
        solvers = CreateTestProbe();
        memory = CreateTestProbe();
        recorder = CreateTestProbe();
    }

    [Fact]
    public void Should_pick_the_candidate_with_the_lowest_utility()
    {
        var edge = StartEdge(steps: 1, deadline: TimeSpan.FromSeconds(30));
        var slot = ReportWorkload();
        AnswerCandidates(slot, [0, 1, 2]);
        PriceCandidates(slot, count: 3, q: dnn => dnn switch { 0 => 700, 1 => 650, _ => 690 });

        var remembered = memory.ExpectMsg<Remember>();
        Assert.Equal(Bits(1).ToArray(), remembered.Decision.ToArray());
        var decided = recorder.ExpectMsg<SlotDecided>();
        Assert.Equal(new DnnId(1), decided.Winner);
        Assert.Equal(650, decided.Q);
        Assert.False(decided.Degraded);
        Assert.Equal(3, decided.Candidates);
        var order = devices[1].ExpectMsg<OffloadingOrder>();
        Assert.Equal(Bits(1).Slice(2, 2).ToArray(), order.Offload.ToArray());
        Assert.Equal(1.5, order.Bandwidth);
        recorder.ExpectMsg<AllSlotsDecided>(m => Assert.Equal(1, m.Generated));
        _ = edge;
    }

    [Fact]
    public void Should_ask_a_solver_to_search_around_the_best_candidate_and_decide_and_remember_its_answer()
    {
        StartEdge(steps: 1, deadline: TimeSpan.FromSeconds(30), searchRounds: 4);
        var slot = ReportWorkload();
        AnswerCandidates(slot, [0, 1, 2]);
        for (int i = 0; i < 3; i++)
        {
            var solve = solvers.ExpectMsg<Solve>();
            solvers.Reply(new Solved(slot, solve.Dnn, solve.Candidates, solve.Dnn.Value == 2 ? 640 : 700, [0.5, 1.5], Candidate: solve.Dnn.Value, Priced: 2));
        }

        var search = solvers.ExpectMsg<SearchAround>();
        Assert.Equal(Bits(2).ToArray(), search.Decision.ToArray());
        Assert.Equal(4, search.Rounds);
        ImmutableArray<bool> searched = [false, false, false, true];
        solvers.Reply(new Searched(slot, searched, 600, [0.25, 1.75], Steps: 2, Priced: 24));

        Assert.Equal(searched.ToArray(), memory.ExpectMsg<Remember>().Decision.ToArray());
        var decided = recorder.ExpectMsg<SlotDecided>();
        Assert.Equal(600, decided.Q);
        Assert.Equal(640, decided.NetworkQ);
        Assert.Equal(new DnnId(2), decided.Winner);
        Assert.Equal(2, decided.Candidate);
        Assert.Equal(6, decided.Candidates);
        Assert.Equal(1.75, devices[1].ExpectMsg<OffloadingOrder>().Bandwidth);
    }

    [Fact]
    public void Should_order_the_best_candidate_before_a_teaching_search_answers_and_remember_the_search_decision()
    {
        StartEdge(steps: 1, deadline: TimeSpan.FromSeconds(30), searchRounds: 4, searchTeaches: true);
        var slot = ReportWorkload();
        AnswerCandidates(slot, [0, 1, 2]);
        for (int i = 0; i < 3; i++)
        {
            var solve = solvers.ExpectMsg<Solve>();
            solvers.Reply(new Solved(slot, solve.Dnn, solve.Candidates, solve.Dnn.Value == 2 ? 640 : 700, [0.5, 1.5], Candidate: solve.Dnn.Value, Priced: 2)
            {
                ProposerPriced = solve.Dnn.Value,
            });
        }

        Assert.Equal(Bits(2).ToArray(), solvers.ExpectMsg<SearchAround>().Decision.ToArray());
        // The devices have the networks' decision while the search is still out.
        var order = devices[1].ExpectMsg<OffloadingOrder>();
        Assert.Equal(Bits(2).Slice(2, 2).ToArray(), order.Offload.ToArray());
        Assert.Equal(1.5, order.Bandwidth);
        memory.ExpectNoMsg(TimeSpan.Zero);
        recorder.ExpectNoMsg(TimeSpan.Zero);

        ImmutableArray<bool> searched = [false, false, false, true];
        solvers.Reply(new Searched(slot, searched, 600, [0.25, 1.75], Steps: 2, Priced: 24));

        Assert.Equal(searched.ToArray(), memory.ExpectMsg<Remember>().Decision.ToArray());
        var decided = recorder.ExpectMsg<SlotDecided>();
        Assert.Equal(Bits(2).ToArray(), decided.Decision.ToArray());
        Assert.Equal(640, decided.Q);
        Assert.Equal(640, decided.NetworkQ);
        Assert.Equal(600, decided.SearchQ);
        // Three candidates priced twice each, what the proposers priced themselves (0 + 1 + 2), and the search's 24.
        Assert.Equal(6 + 3 + 24, decided.Priced);
        Assert.Equal(decided.NetworkLatencyMicroseconds, decided.LatencyMicroseconds);
        devices[1].ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Should_remember_the_ordered_decision_when_the_teaching_search_finds_nothing_better()
    {
        StartEdge(steps: 1, deadline: TimeSpan.FromSeconds(30), searchRounds: 4, searchTeaches: true);
        var slot = ReportWorkload();
        AnswerCandidates(slot, [0, 1, 2]);
        PriceCandidates(slot, count: 3, q: dnn => dnn == 1 ? 650 : 700);
        solvers.ExpectMsg<SearchAround>();
        solvers.Reply(new Searched(slot, [true, true, true, true], 660, [1, 1], Steps: 1, Priced: 4));

        Assert.Equal(Bits(1).ToArray(), memory.ExpectMsg<Remember>().Decision.ToArray());
        var decided = recorder.ExpectMsg<SlotDecided>();
        Assert.Equal(650, decided.Q);
        Assert.Equal(660, decided.SearchQ);
    }

    [Fact]
    public void Should_keep_waiting_for_its_teaching_search_when_a_lost_dnns_candidates_arrive_after_it_started()
    {
        var edge = StartEdge(steps: 1, deadline: TimeSpan.FromSeconds(30), searchRounds: 4, searchTeaches: true);
        var slot = ReportWorkload();
        AnswerCandidates(slot, [0, 1]);
        PriceCandidates(slot, count: 2, q: dnn => dnn == 1 ? 650 : 700);
        dnns[2].ExpectMsg<Decide>();
        Sys.Stop(dnns[2].Ref);
        Assert.Equal(new DnnId(2), recorder.ExpectMsg<DnnLost>().Dnn);
        // Without DNN 2 every live proposer has answered: the devices get DNN 1's candidate and a search starts from it.
        Assert.Equal(Bits(1).ToArray(), solvers.ExpectMsg<SearchAround>().Decision.ToArray());

        // DNN 2's candidates, priced before it was lost, come in late, better than the ordered decision.
        edge.Tell(new Solved(slot, new DnnId(2), Bits(2), 600, [0.5, 1.5]), solvers.Ref);
        edge.Tell(new Searched(slot, [false, false, false, true], 640, [0.25, 1.75], Steps: 1, Priced: 8), solvers.Ref);

        var decided = recorder.ExpectMsg<SlotDecided>();
        Assert.Equal((650.0, 650.0, 640.0), (decided.Q, decided.NetworkQ, decided.SearchQ));
        Assert.Equal(new DnnId(1), decided.Winner);
        Assert.True(decided.Degraded);
        Assert.Equal([false, false, false, true], memory.ExpectMsg<Remember>().Decision.ToArray());
        Assert.Equal(Bits(1).Slice(2, 2).ToArray(), devices[1].ExpectMsg<OffloadingOrder>().Offload.ToArray());
        devices[1].ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Should_decide_from_the_candidates_that_arrived_when_the_deadline_passes()
    {
        StartEdge(steps: 1, deadline: TimeSpan.FromMilliseconds(300));
        var slot = ReportWorkload();
        AnswerCandidates(slot, [0, 2]);
        PriceCandidates(slot, count: 2, q: dnn => dnn == 0 ? 720 : 710);

        var decided = recorder.ExpectMsg<SlotDecided>(TimeSpan.FromSeconds(5));
        Assert.True(decided.Degraded);
        Assert.Equal(2, decided.Candidates);
        Assert.Equal(new DnnId(2), decided.Winner);
        Assert.Equal(Bits(2).ToArray(), memory.ExpectMsg<Remember>().Decision.ToArray());
    }

    [Fact]
    public void Should_fall_back_to_all_local_when_no_candidate_arrives()
    {
        StartEdge(steps: 1, deadline: TimeSpan.FromMilliseconds(200));
        var slot = ReportWorkload();
        foreach (var dnn in dnns)
        {
            dnn.ExpectMsg<Decide>();
        }

        var decided = recorder.ExpectMsg<SlotDecided>(TimeSpan.FromSeconds(5));
        Assert.Null(decided.Winner);
        Assert.True(decided.Degraded);
        Assert.All(decided.Decision, x => Assert.False(x));
        Assert.Equal(Workload.Create(2, 2, [10, 20, 11, 21]), decided.Workload);
        Assert.Equal(Model.Utility(decided.Workload, OffloadDecision.Uniform(4, offload: false)), decided.Q, 9);
        Assert.Equal(slot, decided.Slot);
    }

    [Fact]
    public void Should_decide_every_slot_in_order_and_tell_the_dnns_which_training_must_come_first()
    {
        const int steps = 4;
        StartEdge(steps, deadline: TimeSpan.FromSeconds(30), schedule: new TrainingSchedule(Interval: 2, Warmup: 0));
        var expectedRounds = new long[] { 0, 0, 1, 1 };
        for (int t = 0; t < steps; t++)
        {
            var slot = ReportWorkload();
            Assert.Equal(t, slot.Value);
            foreach (var dnn in dnns)
            {
                var decide = dnn.ExpectMsg<Decide>();
                Assert.Equal(expectedRounds[t], decide.TrainingRounds);
                decide.Solver.Tell(new Solve(slot, new DnnId(Array.IndexOf(dnns, dnn)), decide.Workload, Bits(0)), dnn.LastSender);
            }

            PriceCandidates(slot, count: 3, q: _ => 700);
            Assert.Equal(slot, recorder.ExpectMsg<SlotDecided>().Slot);
            memory.ExpectMsg<Remember>();
            Assert.All(devices, device => Assert.Equal(slot, device.ExpectMsg<OffloadingOrder>().Slot));
        }

        memory.ExpectMsg<FlushMemory>();
        recorder.ExpectMsg<AllSlotsDecided>(m => Assert.Equal(steps, m.Generated));
    }

    [Fact]
    public void Should_deal_the_solvers_round_robin_over_the_candidates_and_have_them_answer_the_edge_server()
    {
        var second = CreateTestProbe();
        var edge = StartEdge(steps: 1, deadline: TimeSpan.FromSeconds(30), solverRefs: [solvers.Ref, second.Ref]);
        var slot = ReportWorkload();

        var named = dnns.Select(dnn => dnn.ExpectMsg<Decide>().Solver).ToList();

        Assert.Equal([second.Ref, solvers.Ref, second.Ref], named);
        Assert.All(dnns, dnn => Assert.Equal(edge, dnn.LastSender));
        _ = slot;
    }

    [Fact]
    public void Should_start_the_run_clock_only_when_asked_to_start()
    {
        var settings = new EdgeServerSettings(Model, Devices: 2, TasksPerDevice: 2, 1, MaxInFlight: 1, TimeSpan.FromSeconds(30), new TrainingSchedule(10, 0));
        var edge = Sys.ActorOf(EdgeServer.Props(
            settings, new DeviceRefs(devices.Select(p => p.Ref).ToList()), dnns.Select(p => p.Ref).ToList(), Groups, [solvers.Ref], memory.Ref, recorder.Ref));
        recorder.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        devices[0].ExpectNoMsg(TimeSpan.Zero);

        edge.Tell(StartRun.Instance);

        recorder.ExpectMsg<RunStarted>();
        devices[0].ExpectMsg<StartSlot>();
    }

    [Fact]
    public void Should_tell_its_parent_the_run_cannot_go_on_once_every_dnn_is_gone_instead_of_waiting_out_each_slot()
    {
        var settings = new EdgeServerSettings(Model, Devices: 2, TasksPerDevice: 2, 10, MaxInFlight: 1, TimeSpan.FromMinutes(5), new TrainingSchedule(10, 0));
        var edge = ChildActorOf(EdgeServer.Props(
            settings, new DeviceRefs(devices.Select(p => p.Ref).ToList()), dnns.Select(p => p.Ref).ToList(), Groups, [solvers.Ref], memory.Ref, recorder.Ref));
        edge.Tell(StartRun.Instance);
        ReportWorkload();

        foreach (var dnn in dnns)
        {
            Sys.Stop(dnn.Ref);
        }

        Assert.Contains("every DNN is gone", ExpectMsg<RunCannotProceed>().Reason, StringComparison.Ordinal);
        recorder.ExpectMsg<RunStarted>();
        Assert.Equal([0, 1, 2], Enumerable.Range(0, 3).Select(_ => recorder.ExpectMsg<DnnLost>().Dnn.Value).Order());
    }

    /// <summary>Each DNN probe stands for a node of its own: the edge server sends it the slot's one Decide, as to a LearnerGroup.</summary>
    private List<IActorRef> Groups => [.. dnns.Select(p => p.Ref)];

    private IActorRef StartEdge(long steps, TimeSpan deadline, TrainingSchedule? schedule = null, IReadOnlyList<IActorRef>? solverRefs = null, int searchRounds = 0, bool searchTeaches = false)
    {
        var settings = new EdgeServerSettings(Model, Devices: 2, TasksPerDevice: 2, steps, MaxInFlight: 1, deadline, schedule ?? new TrainingSchedule(10, 0))
        {
            DeviceSearchRounds = searchRounds,
            SearchTeaches = searchTeaches,
        };
        var edge = Sys.ActorOf(EdgeServer.Props(
            settings, new DeviceRefs(devices.Select(p => p.Ref).ToList()), dnns.Select(p => p.Ref).ToList(), Groups, solverRefs ?? [solvers.Ref], memory.Ref, recorder.Ref));
        edge.Tell(StartRun.Instance, TestActor);
        recorder.ExpectMsg<RunStarted>();
        return edge;
    }

    /// <summary>Both devices answer their StartSlot with two tasks; returns the slot.</summary>
    private SlotId ReportWorkload()
    {
        SlotId slot = default;
        for (int n = 0; n < devices.Length; n++)
        {
            slot = devices[n].ExpectMsg<StartSlot>().Slot;
            devices[n].Reply(new WorkloadReport(slot, new DeviceId(n), [10 + n, 20 + n]));
        }

        return slot;
    }

    private void AnswerCandidates(SlotId slot, int[] answering)
    {
        foreach (int k in answering)
        {
            var decide = dnns[k].ExpectMsg<Decide>();
            Assert.Equal(slot, decide.Slot);
            decide.Solver.Tell(new Solve(slot, new DnnId(k), decide.Workload, Bits(k)), dnns[k].LastSender);
        }
    }

    private void PriceCandidates(SlotId slot, int count, Func<int, double> q)
    {
        for (int i = 0; i < count; i++)
        {
            var solve = solvers.ExpectMsg<Solve>();
            Assert.Equal(slot, solve.Slot);
            solvers.Reply(new Solved(slot, solve.Dnn, solve.Candidates, q(solve.Dnn.Value), [0.5, 1.5]));
        }
    }

    /// <summary>A distinct 4-bit decision per DNN.</summary>
    private static ImmutableArray<bool> Bits(int k) => OffloadDecision.FromMask((ulong)(k + 5), 4).Bits;
}
