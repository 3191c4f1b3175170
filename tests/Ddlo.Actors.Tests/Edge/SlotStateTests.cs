using System.Collections.Immutable;
using System.Diagnostics;
using Ddlo.Actors.Edge;
using Ddlo.Actors.Messages;
using Ddlo.Core.Lyapunov;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Tests.Edge;

public sealed class SlotStateTests
{
    private static readonly MecModel Model = new(MecParameters.Paper, BandwidthPolicy.Optimal);
    private static readonly double[][] Sizes = [[22, 25, 10], [13, 13, 17], [19, 29, 28]];
    private static readonly SlotId Slot = new(7);
    private static readonly ImmutableArray<bool> AllEdge = OffloadDecision.Uniform(9, offload: true).Bits;
    private static readonly ImmutableArray<bool> FirstDeviceEdge = [true, true, true, false, false, false, false, false, false];

    [Fact]
    public void Should_complete_the_workload_with_the_last_device_report_and_ignore_repeats()
    {
        var state = new SlotState(Slot, devices: 3, tasksPerDevice: 3);

        Assert.False(state.AddReport(Report(0), timestamp: 1));
        Assert.False(state.AddReport(Report(0), timestamp: 2));
        Assert.False(state.AddReport(Report(1), timestamp: 3));
        Assert.True(state.AddReport(Report(2), timestamp: 4));

        Assert.Equal(Workload.Create(3, 3, Sizes.SelectMany(s => s)), state.Workload);
        Assert.Equal(4, state.AssembledAt);
        Assert.False(state.AddReport(Report(2), timestamp: 5));
    }

    [Fact]
    public void Should_keep_the_best_candidate_ties_to_the_lowest_proposer()
    {
        var state = Assembled();
        state.AddSolution(Candidate(dnn: 1, q: 5, AllEdge));
        state.AddSolution(Candidate(dnn: 0, q: 5, FirstDeviceEdge));
        state.AddSolution(Candidate(dnn: 2, q: 6, AllEdge));

        var decided = state.Decide(Model, proposers: 3, now: 0).Report;

        Assert.Equal(FirstDeviceEdge.AsEnumerable(), decided.Decision.AsEnumerable());
        Assert.Equal(new DnnId(0), decided.Winner);
        Assert.Equal(5, decided.Q);
        Assert.False(decided.Degraded);
    }

    [Fact]
    public void Should_keep_the_searched_decision_when_it_is_at_least_as_good_as_the_best_candidate()
    {
        var state = Assembled();
        state.AddSolution(Candidate(dnn: 0, q: 5, FirstDeviceEdge));
        state.StartSearch(0);
        state.Searched = new Searched(Slot, AllEdge, 5, [1, 2, 3], Steps: 1, Priced: 9);

        var decided = state.Decide(Model, proposers: 1, now: 0).Report;

        Assert.Equal(AllEdge.AsEnumerable(), decided.Decision.AsEnumerable());
        Assert.Equal([1.0, 2, 3], decided.Bandwidth.AsEnumerable());
        Assert.Equal(5, decided.NetworkQ);
        Assert.Equal(new DnnId(0), decided.Winner);
    }

    [Fact]
    public void Should_keep_the_best_candidate_when_the_search_found_worse()
    {
        var state = Assembled();
        state.AddSolution(Candidate(dnn: 0, q: 5, FirstDeviceEdge));
        state.StartSearch(0);
        state.Searched = new Searched(Slot, AllEdge, 5.5, [1, 2, 3], Steps: 1, Priced: 9);

        Assert.Equal(FirstDeviceEdge.AsEnumerable(), state.Decide(Model, proposers: 1, now: 0).Report.Decision.AsEnumerable());
    }

    [Fact]
    public void Should_decide_all_local_as_the_model_allocates_it_degraded_when_no_candidate_arrived()
    {
        var state = Assembled();
        state.AddDecline(new DnnId(0));

        var decided = state.Decide(Model, proposers: 2, now: 0);

        var local = OffloadDecision.Uniform(9, offload: false);
        var allocation = Model.Allocate(state.Workload!, local);
        Assert.Equal(local.Bits.AsEnumerable(), decided.Report.Decision.AsEnumerable());
        Assert.Equal(allocation.Value, decided.Report.Q);
        Assert.Equal(allocation.Value, decided.Report.NetworkQ);
        Assert.Null(decided.Report.Winner);
        Assert.Equal(-1, decided.Report.Candidate);
        Assert.True(decided.Report.Degraded);
        Assert.Equal(0, decided.Rank);
    }

    [Fact]
    public void Should_count_a_slot_degraded_when_fewer_than_k_proposers_candidates_were_priced()
    {
        var state = Assembled();
        state.AddSolution(Candidate(dnn: 0, q: 5, AllEdge) with { Priced = 4 });
        state.AddSolution(Candidate(dnn: 1, q: 6, AllEdge) with { Priced = 3 });

        var decided = state.Decide(Model, proposers: 3, now: 0).Report;

        Assert.True(decided.Degraded);
        Assert.Equal(7, decided.Candidates);
    }

    [Fact]
    public void Should_order_each_device_its_part_of_the_decision_and_its_bandwidth_and_remember_the_slot()
    {
        var state = Assembled();
        state.AddSolution(Candidate(dnn: 0, q: 5, FirstDeviceEdge));

        var decided = state.Decide(Model, proposers: 1, now: 0);

        Assert.Equal([[true, true, true], [false, false, false], [false, false, false]], decided.Orders.Select(o => o.Offload.ToArray()));
        Assert.Equal([4.0, 5, 6], decided.Orders.Select(o => o.Bandwidth));
        Assert.All(decided.Orders, order => Assert.Equal((Slot, 0.0, 0.0), (order.Slot, order.Served, order.Energy)));
        Assert.Equal(new Remember(Slot, state.Workload!, FirstDeviceEdge), decided.Remember);
        Assert.Null(decided.Report.Queues);
    }

    [Fact]
    public void Should_rank_the_winning_candidate_among_those_asked_for()
    {
        var state = Assembled();
        state.Asked = 4;
        state.AddSolution(Candidate(dnn: 0, q: 5, AllEdge) with { Candidate = 6 });

        var decided = state.Decide(Model, proposers: 1, now: 0);

        Assert.Equal(2, decided.Rank);
        Assert.Equal(6, decided.Report.Candidate);
    }

    [Fact]
    public void Should_time_the_decision_from_the_workload_and_the_networks_to_the_start_of_the_search()
    {
        long assembled = 1000;
        var state = Assembled(assembled);
        state.AddSolution(Candidate(dnn: 0, q: 5, AllEdge));
        state.StartSearch(assembled + (Stopwatch.Frequency / 1000));

        var decided = state.Decide(Model, proposers: 1, now: assembled + (Stopwatch.Frequency / 100)).Report;

        Assert.Equal(10_000, decided.LatencyMicroseconds, 3);
        Assert.Equal(1_000, decided.NetworkLatencyMicroseconds, 3);
    }

    [Fact]
    public void Should_tell_devices_with_queues_what_the_decision_serves_and_spends_and_report_the_queues()
    {
        var model = new LydrooModel(LyapunovSettings.Paper(2));
        var state = new SlotState(Slot, devices: 2, tasksPerDevice: 1, contextFeatures: 2);
        state.AddReport(new WorkloadReport(Slot, new DeviceId(0), [2e-6]) { Context = [6, 1], Arrived = 3, PreviousWait = 2 }, 0);
        state.AddReport(new WorkloadReport(Slot, new DeviceId(1), [1e-6]) { Context = [4, 0], Arrived = 1, PreviousWait = 4 }, 0);

        var decided = state.Decide(model, proposers: 1, now: 0);

        var service = model.Serve(state.Workload!, OffloadDecision.Uniform(2, offload: false));
        Assert.Equal(service.Served, decided.Orders.Select(o => o.Served));
        Assert.Equal(service.Energy, decided.Orders.Select(o => o.Energy));
        Assert.Equal(QueueStats.FromDevices([6, 4], [1, 0], [3, 1], service, [2, 4]), decided.Report.Queues);
        Assert.Equal(5, decided.Report.Queues!.DataQueue);
        Assert.Equal([3.0, 1.0], decided.Report.Arrivals.ToArray());
    }

    private static SlotState Assembled(long at = 0)
    {
        var state = new SlotState(Slot, devices: 3, tasksPerDevice: 3);
        for (int n = 0; n < 3; n++)
        {
            state.AddReport(Report(n), at);
        }

        return state;
    }

    private static WorkloadReport Report(int device) => new(Slot, new DeviceId(device), [.. Sizes[device]]);

    private static Solved Candidate(int dnn, double q, ImmutableArray<bool> decision) => new(Slot, new DnnId(dnn), decision, q, [4, 5, 6]);
}
