using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;
using Ddlo.Learning.Candidates;

namespace Ddlo.Actors.Edge;

/// <summary>
/// One slot in flight at the edge server: the device reports until the workload is complete, then the priced
/// candidates until all K are in or the deadline passes, then (when the run searches) the device search's answer; and
/// the rule that decides it from what came in (<see cref="Decide"/>). Plain state, no Akka.
/// </summary>
internal sealed class SlotState(SlotId slot, int devices, int tasksPerDevice, int contextFeatures = 0)
{
    private readonly WorkloadReport?[] reports = new WorkloadReport?[devices];
    private readonly List<Solved> solutions = [];
    private int reported;

    private readonly HashSet<DnnId> declined = [];
    private Chosen? chosen;

    public SlotId Slot { get; } = slot;

    /// <summary>Per device, the data arriving during the slot (devices with queues).</summary>
    public double[] Arrivals { get; } = new double[devices];

    /// <summary>Per device, the bit-frames its previous slot's served data had waited (devices with queues).</summary>
    public double[] PreviousWaits { get; } = new double[devices];

    /// <summary>The slot's N x M task sizes, once every device has reported.</summary>
    public Workload? Workload { get; private set; }

    [MemberNotNullWhen(true, nameof(Workload))]
    public bool HasWorkload => Workload is not null;

    /// <summary>Stopwatch timestamp of the moment the workload was complete.</summary>
    public long AssembledAt { get; private set; }

    /// <summary>Candidates each DNN was asked for (the adaptive count when the slot's workload was sent out).</summary>
    public int Asked { get; set; } = 1;

    /// <summary>DNNs whose candidates were priced.</summary>
    public int SolutionCount => solutions.Count;

    /// <summary>Candidates priced, over every DNN.</summary>
    public int PricedCount => solutions.Sum(s => s.Priced);

    /// <summary>Stopwatch timestamp of the moment the networks' candidates were all priced and a search started around the best.</summary>
    public long? SearchStartedAt { get; private set; }

    /// <summary>A solver is searching around the best candidate; later candidates and deadlines no longer start one.</summary>
    public bool Searching => SearchStartedAt is not null;

    /// <summary>The device search's answer, once in.</summary>
    public Searched? Searched { get; set; }

    public void StartSearch(long timestamp) => SearchStartedAt = timestamp;

    /// <summary>Adds a device's report; returns true when this report completed the workload.</summary>
    public bool AddReport(WorkloadReport report, long timestamp)
    {
        int n = report.Device.Value;
        if (HasWorkload || n < 0 || n >= reports.Length || reports[n] is not null || report.Sizes.Length != tasksPerDevice
            || report.Context.Length != contextFeatures)
        {
            return false;
        }

        reports[n] = report;
        (Arrivals[n], PreviousWaits[n]) = (report.Arrived, report.PreviousWait);
        if (++reported < reports.Length)
        {
            return false;
        }

        // Copied device by device into the array the workload keeps (no enumerator per size: at N = 1000 that was a
        // tenth of a millisecond of every decision).
        var sizes = new double[devices * tasksPerDevice];
        for (int d = 0; d < reports.Length; d++)
        {
            reports[d]!.Sizes.AsSpan().CopyTo(sizes.AsSpan(d * tasksPerDevice, tasksPerDevice));
        }

        Workload = Workload.Create(devices, tasksPerDevice, ImmutableCollectionsMarshal.AsImmutableArray(sizes));
        if (contextFeatures > 0)
        {
            // Feature-major: every device's first context value, then every device's second.
            Workload = Workload.WithContext(Enumerable.Range(0, contextFeatures).SelectMany(f => reports.Select(r => r!.Context[f])));
        }

        AssembledAt = timestamp;
        return true;
    }

    /// <summary>Proposers that answered: with candidates (<see cref="SolutionCount"/>) or declining the slot.</summary>
    public int AnswerCount => solutions.Count + declined.Count;

    /// <summary>A proposer failed on this slot and proposes nothing.</summary>
    public void AddDecline(DnnId dnn)
    {
        if (!Searching && solutions.TrueForAll(s => s.Dnn != dnn))
        {
            declined.Add(dnn);
        }
    }

    /// <summary>Adds a proposer's priced candidates, once per proposer and only until a search has started from the best.</summary>
    public void AddSolution(Solved solved)
    {
        if (!Searching && solutions.TrueForAll(s => s.Dnn != solved.Dnn))
        {
            solutions.Add(solved);
        }
    }

    /// <summary>The priced candidate with the best Q under <paramref name="objective"/> (ties to the lowest k), or null when none arrived.</summary>
    public Solved? Best(Objective objective) =>
        solutions.Count == 0 ? null : solutions.MinBy(s => (objective.Key(s.Q), s.Dnn.Value));

    /// <summary>The best candidate to search around, or null when there is none or a search has started already.</summary>
    public Solved? SearchCandidate(Objective objective) => Searching ? null : Best(objective);

    /// <summary>When the slot's decision went out to the devices ahead of its teaching search (Stopwatch timestamp); null otherwise.</summary>
    public long? OrderedAt { get; private set; }

    /// <summary>The devices have their orders already: the search running now teaches, it no longer decides.</summary>
    public bool Ordered => OrderedAt is not null;

    /// <summary>
    /// Decides the slot now from the candidates alone, ahead of the teaching search, and gives each device its order;
    /// <see cref="Decide"/> later keeps this decision and only adds what the search found.
    /// </summary>
    public ImmutableArray<OffloadingOrder> OrderNow(ISystemModel model, long now)
    {
        OrderedAt = now;
        return Orders(Choose(model));
    }

    /// <summary>
    /// Decides the slot: the device search's answer when it decides and is at least as good as the best candidate, else
    /// the best candidate, else all local (allocated by <paramref name="model"/>); a slot ordered ahead of its search keeps
    /// the decision it was ordered with (<see cref="OrderNow"/>), and the memory keeps the search's when that is at least
    /// as good. It is degraded when fewer than <paramref name="proposers"/> (K) proposers' candidates were priced; its
    /// latency runs from the workload's assembly to the order (<paramref name="now"/>, a <see cref="Stopwatch"/>
    /// timestamp, unless ordered earlier). Devices with queues are told what it serves and spends, and the report
    /// carries the slot's queues.
    /// </summary>
    public DecidedSlot Decide(ISystemModel model, int proposers, long now)
    {
        ArgumentNullException.ThrowIfNull(model);
        var workload = Workload ?? throw new InvalidOperationException($"Slot {Slot.Value} cannot be decided before every device has reported.");
        var decision = Choose(model);
        var best = Best(model.Objective);
        var taught = Ordered && Searched is { } teacher && model.Objective.Key(teacher.Q) <= model.Objective.Key(decision.Q)
            ? teacher.Decision
            : decision.Decision;
        double latency = Stopwatch.GetElapsedTime(AssembledAt, OrderedAt ?? now).TotalMicroseconds;
        double networkLatency = SearchStartedAt is { } searchStarted
            ? Stopwatch.GetElapsedTime(AssembledAt, searchStarted).TotalMicroseconds
            : latency;
        var service = decision.Service;
        var report = new SlotDecided(Slot, workload, decision.Decision, decision.Q, best?.Dnn, PricedCount, SolutionCount < proposers, latency)
        {
            Candidate = best?.Candidate ?? -1,
            NetworkQ = best?.Q ?? decision.Q,
            NetworkLatencyMicroseconds = networkLatency,
            SearchQ = Searched?.Q ?? double.NaN,
            Priced = PricedCount + solutions.Sum(s => s.ProposerPriced) + (Searched?.Priced ?? 0),
            Bandwidth = decision.Bandwidth,
            Queues = service is null
                ? null
                : QueueStats.FromDevices(workload.ContextFeature(0), workload.ContextFeature(1), Arrivals, service, PreviousWaits),
            // The slot's own array, no copy: the state is done with once decided.
            Arrivals = service is null ? [] : ImmutableCollectionsMarshal.AsImmutableArray(Arrivals),
        };
        int rank = best is null ? 0 : CandidateQuantiser.Rank(best.Candidate, Asked, workload.TaskCount);
        return new DecidedSlot(Orders(decision), new Remember(Slot, workload, taught), report, rank);
    }

    /// <summary>The decision the devices are ordered with, chosen once (see <see cref="Decide"/>).</summary>
    private Chosen Choose(ISystemModel model)
    {
        if (chosen is { } already)
        {
            return already;
        }

        var workload = Workload ?? throw new InvalidOperationException($"Slot {Slot.Value} cannot be decided before every device has reported.");
        var objective = model.Objective;
        var best = Best(objective);
        ImmutableArray<bool> decision;
        double q;
        ImmutableArray<double> bandwidth;
        if (!Ordered && Searched is { } searched && objective.Key(searched.Q) <= objective.Key(best!.Q))
        {
            (decision, q, bandwidth) = (searched.Decision, searched.Q, searched.Bandwidth);
        }
        else if (best is not null)
        {
            (decision, q, bandwidth) = (best.Decision, best.Q, best.Bandwidth);
        }
        else
        {
            var local = OffloadDecision.Uniform(workload.TaskCount, offload: false);
            var allocation = model.Allocate(workload, local);
            (decision, q, bandwidth) = (local.Bits, allocation.Value, allocation.Shares);
        }

        var service = (model as IQueueingSystemModel)?.Serve(workload, OffloadDecision.FromBits(decision));
        chosen = new Chosen(decision, q, bandwidth, service);
        return chosen;
    }

    private ImmutableArray<OffloadingOrder> Orders(Chosen decided)
    {
        var orders = new OffloadingOrder[devices];
        for (int n = 0; n < devices; n++)
        {
            orders[n] = new OffloadingOrder(Slot, decided.Decision.Slice(n * tasksPerDevice, tasksPerDevice), decided.Bandwidth[n])
            {
                Served = decided.Service?.Served[n] ?? 0,
                Energy = decided.Service?.Energy[n] ?? 0,
            };
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(orders);
    }

    private sealed record Chosen(ImmutableArray<bool> Decision, double Q, ImmutableArray<double> Bandwidth, QueueService? Service);
}
