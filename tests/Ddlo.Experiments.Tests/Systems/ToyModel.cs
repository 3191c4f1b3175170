using System.Collections.Immutable;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;
using Ddlo.Core.Systems;

namespace Ddlo.Experiments.Tests.Systems;

/// <summary>
/// A small system model of the test assembly's own: each device reports one load; computing it locally costs
/// local-cost per unit, offloading it costs edge-cost per unit times the number of devices that offload (the edge is
/// shared). The cost is minimised; the exhaustive optimum over 2^N decisions scores it.
/// </summary>
public sealed class ToyModel(double localCost, double edgeCost) : ISystemModel, IDeviceBreakdown
{
    public const string ModelName = "toy";

    /// <summary>Beyond this many devices the exhaustive oracle is out of reach.</summary>
    public const int MaxExhaustiveDevices = 12;

    public string Name => ModelName;

    public Objective Objective => Objective.Minimise;

    public string ValueName => "toy cost";

    public string ReportName => "loads";

    /// <summary>The built-in names, and one of its own: offload the largest load alone.</summary>
    public IReadOnlyList<string> Baselines { get; } = ["exhaustive", "local", "edge", "largest"];

    public IReadOnlyList<string> Oracles { get; } = ["exhaustive"];

    public void CheckReports(Workload reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        for (int i = 0; i < reports.TaskCount; i++)
        {
            if (!(reports.Sizes[i] >= 0))
            {
                throw new ArgumentException($"Load l{i} must be >= 0, got {reports.Sizes[i]}.", nameof(reports));
            }
        }
    }

    public double Value(Workload reports, OffloadDecision decision) => Allocate(reports, decision).Value;

    public SlotAllocation Allocate(Workload reports, OffloadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(decision);
        int offloaders = decision.Bits.Count(b => b);
        double cost = 0;
        var shares = ImmutableArray.CreateBuilder<double>(reports.TaskCount);
        for (int i = 0; i < reports.TaskCount; i++)
        {
            bool offload = decision.Bits[i];
            cost += reports.Sizes[i] * (offload ? edgeCost * offloaders : localCost);
            shares.Add(offload ? 1.0 / offloaders : 0);
        }

        return new SlotAllocation(cost, shares.MoveToImmutable());
    }

    /// <summary>Per device: its loads, its bits, its share of the edge per load, and its part of the cost.</summary>
    public IReadOnlyList<string> BreakdownColumns(int tasksPerDevice) =>
        [.. Enumerable.Range(0, tasksPerDevice).Select(m => $"l{m}"), .. Enumerable.Range(0, tasksPerDevice).Select(m => $"x{m}"), .. Enumerable.Range(0, tasksPerDevice).Select(m => $"share{m}"), "cost"];

    public double[][] Breakdown(Workload reports, OffloadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(decision);
        var shares = Allocate(reports, decision).Shares;
        int offloaders = decision.Bits.Count(b => b), m = reports.TasksPerDevice;
        return [.. Enumerable.Range(0, reports.Devices).Select(n =>
        {
            var tasks = Enumerable.Range(n * m, m).ToList();
            double cost = tasks.Sum(i => reports.Sizes[i] * (decision.Bits[i] ? edgeCost * offloaders : localCost));
            return (double[])[.. tasks.Select(i => reports.Sizes[i]), .. tasks.Select(i => decision.Bits[i] ? 1.0 : 0.0), .. tasks.Select(i => shares[i]), cost];
        })];
    }

    public IOffloadingPolicy CreateBaseline(string name, int seed) => name switch
    {
        "exhaustive" => new Policy(name, Best),
        "local" => new Policy(name, w => OffloadDecision.Uniform(w.TaskCount, offload: false)),
        "edge" => new Policy(name, w => OffloadDecision.Uniform(w.TaskCount, offload: true)),
        "largest" => new Policy(name, Largest),
        _ => throw new ArgumentException($"Unknown baseline '{name}' for {ModelName}; expected one of: {string.Join(", ", Baselines)}.", nameof(name)),
    };

    public string? AutoOracle(int devices, int tasksPerDevice) => devices <= MaxExhaustiveDevices ? "exhaustive" : null;

    public IOptimumOracle CreateOracle(string name) => name == "exhaustive"
        ? new Oracle(this)
        : throw new ArgumentException($"Unknown oracle '{name}' for {ModelName}; expected one of: {string.Join(", ", Oracles)}.", nameof(name));

    /// <summary>The cheapest of the 2^N decisions.</summary>
    public OffloadDecision Best(Workload reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        int n = reports.TaskCount;
        var best = OffloadDecision.Uniform(n, offload: false);
        double bestCost = Value(reports, best);
        for (ulong mask = 1; mask < 1UL << n; mask++)
        {
            var decision = OffloadDecision.FromMask(mask, n);
            double cost = Value(reports, decision);
            if (cost < bestCost)
            {
                (best, bestCost) = (decision, cost);
            }
        }

        return best;
    }

    private static OffloadDecision Largest(Workload reports)
    {
        int largest = Enumerable.Range(0, reports.TaskCount).MaxBy(i => reports.Sizes[i]);
        return OffloadDecision.FromBits(Enumerable.Range(0, reports.TaskCount).Select(i => i == largest));
    }

    private sealed class Policy(string name, Func<Workload, OffloadDecision> decide) : IOffloadingPolicy
    {
        public string Name => name;

        public OffloadDecision Decide(Workload workload) => decide(workload);
    }

    private sealed class Oracle(ToyModel model) : IOptimumOracle
    {
        public string Name => "exhaustive";

        public double OptimalQ(long slot, Workload workload) => model.Value(workload, model.Best(workload));
    }
}
