using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Ddlo.Actors.Messages;
using Ddlo.Core.Model;
using Ddlo.Core.Systems;

namespace Ddlo.Actors.Edge;

/// <summary>
/// One slot in flight at the edge server: the device reports until the workload is complete, then the priced
/// candidates until all K are in or the deadline passes, then (when the run searches) the device search's answer.
/// Plain state, no Akka.
/// </summary>
internal sealed class SlotState(SlotId slot, int devices, int tasksPerDevice, int contextFeatures = 0)
{
    private readonly WorkloadReport?[] reports = new WorkloadReport?[devices];
    private readonly List<Solved> solutions = [];
    private int reported;

    private readonly HashSet<DnnId> declined = [];

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

        Workload = Workload.Create(devices, tasksPerDevice, reports.SelectMany(r => r!.Sizes));
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
        if (solutions.TrueForAll(s => s.Dnn != dnn))
        {
            declined.Add(dnn);
        }
    }

    public void AddSolution(Solved solved)
    {
        if (solutions.TrueForAll(s => s.Dnn != solved.Dnn))
        {
            solutions.Add(solved);
        }
    }

    /// <summary>The priced candidate with the best Q under <paramref name="objective"/> (ties to the lowest k), or null when none arrived.</summary>
    public Solved? Best(Objective objective) =>
        solutions.Count == 0 ? null : solutions.MinBy(s => (objective.Key(s.Q), s.Dnn.Value));
}
