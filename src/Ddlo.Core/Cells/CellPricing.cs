using System.Collections.Immutable;
using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Core.Cells;

/// <summary>
/// One cell's own MUMT model: its uplink and edge CPU (the system's other constants), and what prices a slot of the
/// devices it serves: the exact P2 split of any decision, the device search that teaches, the optimum (exhaustive
/// while N*M is at most 16, the certified dual beyond) and the simple baselines. Not thread-safe: one owner (its cell).
/// </summary>
public sealed class CellPricing
{
    /// <summary>Context values per device in a cell's workload: the rate scale, then the class factors (<see cref="DeviceTraits"/>).</summary>
    public const int ContextFeatures = 4;

    /// <summary>
    /// Dual solves the optimum may spend branching on one cell's slot. Scoring runs off the decision path, and a cell of
    /// a few dozen devices can leave a gap of 1e-4 after the default budget; this budget certifies it to about 1e-5.
    /// </summary>
    public const int ScoringBranchNodes = 1024;

    private readonly DeviceSearch search;
    private readonly DualDecomposition dual;
    private readonly ExhaustiveSearch exhaustive;

    public CellPricing(CellSite site, MecParameters system, BandwidthPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(system);
        Site = site;
        Model = new MecModel(system with { UplinkMBps = MecParameters.MbpsToMBps(site.UplinkMbps), EdgeClockHz = site.EdgeClockHz }, policy);
        search = new DeviceSearch(Model);
        dual = new DualDecomposition(Model, branchNodes: ScoringBranchNodes);
        exhaustive = new ExhaustiveSearch(Model);
    }

    public CellSite Site { get; }

    /// <summary>The cell's model: its uplink C and edge clock.</summary>
    public MecModel Model { get; }

    /// <summary>The slot's workload of <paramref name="devices"/> (in the order given): their sizes, then each one's rate scale and class factors.</summary>
    public static Workload Workload(IReadOnlyList<DeviceSlot> devices, int tasksPerDevice)
    {
        ArgumentNullException.ThrowIfNull(devices);
        int n = devices.Count;
        var sizes = new double[n * tasksPerDevice];
        var context = new double[n * ContextFeatures];
        for (int i = 0; i < n; i++)
        {
            var device = devices[i];
            device.Sizes.AsSpan().CopyTo(sizes.AsSpan(i * tasksPerDevice, tasksPerDevice));
            var traits = device.Traits;
            context[i] = traits.RateScale;
            context[n + i] = traits.LocalTime;
            context[(2 * n) + i] = traits.LocalEnergy;
            context[(3 * n) + i] = traits.TransmitEnergy;
        }

        return Ddlo.Core.Model.Workload.Create(n, tasksPerDevice, sizes).WithContext(context);
    }

    /// <summary>Q of <paramref name="decision"/> with the uplink split exactly (P2).</summary>
    public double Price(Workload workload, OffloadDecision decision) => Model.Utility(workload, decision);

    /// <summary>Device search from <paramref name="start"/>, up to <paramref name="rounds"/> rounds: the teacher's decision.</summary>
    public DeviceSearchResult Teach(Workload workload, ReadOnlySpan<bool> start, int rounds) => search.Improve(workload, start, rounds);

    /// <summary>
    /// Q* of the slot and a lower bound on it: exhaustive search while N*M is at most
    /// <see cref="MecModel.AutoExhaustiveMaxTasks"/> (the bound is Q* itself), beyond it the dual decomposition's best
    /// feasible Q and its certified lower bound. Any feasible decision's Q against the bound certifies that decision.
    /// </summary>
    public (double Q, double LowerBound, bool Exhaustive) Optimum(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.TaskCount <= MecModel.AutoExhaustiveMaxTasks)
        {
            double q = exhaustive.Solve(workload).Q;
            return (q, q, true);
        }

        var solution = dual.Solve(workload);
        return (solution.Q, solution.LowerBound, false);
    }

    /// <summary>The certified relative gap of a feasible <paramref name="q"/> over <paramref name="lowerBound"/> (0 when it meets it).</summary>
    public static double Gap(double q, double lowerBound) => Math.Max(0, (q - lowerBound) / Math.Abs(lowerBound));

    /// <summary>
    /// The greedy baseline: each device alone picks the tasks to offload that cost it least were the cell's uplink split
    /// equally among the cell's devices; the decision is then priced with the exact split like any other.
    /// </summary>
    public OffloadDecision Greedy(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        int m = workload.TasksPerDevice;
        double share = Model.Parameters.UplinkMBps / workload.Devices;
        double beta = Model.Parameters.Beta;
        var table = Model.LoadTable(workload);
        var bits = new bool[workload.TaskCount];
        for (int n = 0; n < workload.Devices; n++)
        {
            int best = 0;
            double bestCost = double.PositiveInfinity;
            for (int mask = 0; mask < table[n].Length; mask++)
            {
                var load = table[n][mask];
                double cost = load.Energy + (beta * load.Delay(share));
                if (cost < bestCost)
                {
                    (best, bestCost) = (mask, cost);
                }
            }

            for (int t = 0; t < m; t++)
            {
                bits[(n * m) + t] = (best & (1 << t)) != 0;
            }
        }

        return OffloadDecision.FromBits(bits);
    }

    /// <summary>Q of every device computing every task itself (what a device no cell serves pays).</summary>
    public static double LocalQ(MecModel model, DeviceSlot device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        var load = model.Load(device.Sizes, new bool[device.Sizes.Length], device.Traits);
        return load.Energy + (model.Parameters.Beta * load.LocalTime);
    }

    /// <summary>Decisions of one value for every task.</summary>
    public static ImmutableArray<bool> Uniform(int tasks, bool offload) => [.. Enumerable.Repeat(offload, tasks)];
}
