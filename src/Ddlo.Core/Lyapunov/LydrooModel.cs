using System.Globalization;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;
using Ddlo.Core.Search;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Lyapunov;

/// <summary>
/// LyDROO's system behind the system-model seam. Each device reports its channel gain h_i (the workload's one value
/// per device) and its queues as context (the N data queues Q, then the N energy queues Y); a decision says which
/// devices offload, and its value is the critic's drift-plus-penalty objective sum_i (Q_i + V w_i) r_i - Y_i e_i under
/// the exact allocation (<see cref="LyapunovCritic"/>), maximised. After each frame the devices update their queues
/// from what the decision served (<see cref="Serve"/>).
/// </summary>
public sealed class LydrooModel : IQueueingSystemModel, IModeSearchModel, IDeviceBreakdown
{
    /// <summary>The model's name in scenarios.</summary>
    public const string ModelName = "lydroo";

    /// <summary>The largest N that <c>auto</c> scores exhaustively (2^8 modes, about 7 ms a frame).</summary>
    public const int AutoExhaustiveMaxDevices = 8;

    /// <summary>Devices above which enumerating every mode is out of reach.</summary>
    public const int MaxExhaustiveDevices = ModeSearch.MaxExhaustiveDevices;

    private readonly double[] weights;

    public LydrooModel(LyapunovSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        weights = [.. settings.Weights];
        Critic = new LyapunovCritic(settings.Parameters);
    }

    public LyapunovSettings Settings { get; }

    public LyapunovCritic Critic { get; }

    /// <summary>N, the devices the weights are for.</summary>
    public int Devices => weights.Length;

    public string Name => ModelName;

    public Objective Objective => Objective.Maximise;

    public string ValueName => "drift-plus-penalty objective";

    public string ReportName => "channel gains and queues";

    /// <summary>Q and Y.</summary>
    public int ContextFeatures => 2;

    public IReadOnlyList<string> Baselines => ModeSearchBaselines.Names;

    public IReadOnlyList<string> Oracles => ModeSearchBaselines.Oracles;

    public void CheckReports(Workload reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.TasksPerDevice != 1 || reports.Devices != weights.Length || reports.ContextFeatures != ContextFeatures)
        {
            throw new ArgumentException(
                $"A LyDROO frame has a channel gain, a data queue and an energy queue for each of its {weights.Length} devices, got {reports.Devices} x {reports.TasksPerDevice} values with {reports.Context.Length} queue values.",
                nameof(reports));
        }

        for (int i = 0; i < reports.Devices; i++)
        {
            double h = reports.Sizes[i];
            if (!double.IsFinite(h) || h <= 0)
            {
                throw new ArgumentException($"Device {i}'s channel gain must be a finite number > 0, got {h.ToString(CultureInfo.InvariantCulture)}.", nameof(reports));
            }
        }

        foreach (double queue in reports.Context)
        {
            if (queue < 0)
            {
                throw new ArgumentException($"Queues must be >= 0, got {queue.ToString(CultureInfo.InvariantCulture)}.", nameof(reports));
            }
        }
    }

    public double Value(Workload reports, OffloadDecision decision) => Solve(reports, decision).Objective;

    public SlotAllocation Allocate(Workload reports, OffloadDecision decision)
    {
        var allocation = Solve(reports, decision);
        return new SlotAllocation(allocation.Objective, allocation.Times);
    }

    public QueueService Serve(Workload reports, OffloadDecision decision)
    {
        var allocation = Solve(reports, decision);
        return new QueueService(allocation.Bits, allocation.Energy);
    }

    /// <summary>The critic's exact allocation of a decision, with the bits, energy and transmit times per device.</summary>
    public LyapunovAllocation Solve(Workload reports, OffloadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(decision);
        Check(reports, decision.Length);
        return Critic.Solve(reports.Sizes.AsSpan(), reports.ContextFeature(0), reports.ContextFeature(1), weights, Settings.V, decision.Bits.AsSpan());
    }

    /// <summary>
    /// A device's channel gain, mode and queues at the frame's start, then its part of <see cref="Solve"/>'s allocation:
    /// its transmit time share, the data it served and the energy it spent.
    /// </summary>
    public IReadOnlyList<string> BreakdownColumns(int tasksPerDevice) =>
        ["h", "x", "data_queue_mbit", "energy_queue", "time_share", "served_mbit", "energy_j"];

    public double[][] Breakdown(Workload reports, OffloadDecision decision)
    {
        var allocation = Solve(reports, decision);
        var data = reports.ContextFeature(0).ToArray();
        var energy = reports.ContextFeature(1).ToArray();
        return [.. Enumerable.Range(0, reports.Devices).Select(i => new[]
        {
            reports.Sizes[i], decision[i] ? 1 : 0, data[i], energy[i], allocation.Times[i], allocation.Bits[i], allocation.Energy[i],
        })];
    }

    /// <summary>The best mode of a frame by the critic: all 2^N (exhaustive) or coordinate descent from <paramref name="start"/> (all-local when null).</summary>
    public bool[] BestMode(Workload reports, bool exhaustive, bool[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Check(reports, reports.Devices);
        return BestMode(Critic, weights, Settings.V, reports.Sizes.AsSpan(), reports.ContextFeature(0), reports.ContextFeature(1), exhaustive, start);
    }

    public ModeImprovement Improve(Workload reports, ReadOnlySpan<bool> start, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Check(reports, start.Length);
        var found = Search(Critic, weights, Settings.V, reports.Sizes.AsSpan(), reports.ContextFeature(0), reports.ContextFeature(1), exhaustive: false, start, maxSteps);
        return new ModeImprovement(found.Mode, found.Steps, found.Count);
    }

    /// <summary>The best mode for gains and queues by <paramref name="critic"/>: exhaustive (N &lt;= 20) or coordinate descent.</summary>
    public static bool[] BestMode(
        LyapunovCritic critic, double[] weights, double v, ReadOnlySpan<double> gains, ReadOnlySpan<double> data, ReadOnlySpan<double> energy, bool exhaustive, bool[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(critic);
        return Search(critic, weights, v, gains, data, energy, exhaustive, start ?? new bool[gains.Length], int.MaxValue).Mode;
    }

    private static ModeSearchResult<LyapunovAllocation> Search(
        LyapunovCritic critic, double[] weights, double v, ReadOnlySpan<double> gains, ReadOnlySpan<double> data, ReadOnlySpan<double> energy, bool exhaustive,
        ReadOnlySpan<bool> start, int maxSteps)
    {
        int n = gains.Length;
        if (exhaustive && n > MaxExhaustiveDevices)
        {
            throw new ArgumentException($"Enumerating every mode is limited to N <= {MaxExhaustiveDevices}; use coordinate descent for N = {n}.", nameof(gains));
        }

        double[] h = gains.ToArray();
        double[] q = data.ToArray();
        double[] y = energy.ToArray();
        LyapunovAllocation Price(bool[] mode) => critic.Solve(h, q, y, weights, v, mode);
        return exhaustive
            ? ModeSearch.Exhaustive(n, Price, a => a.Objective)
            : ModeSearch.CoordinateDescent(start, Price, a => a.Objective, maxSteps);
    }

    public IOffloadingPolicy CreateBaseline(string name, int seed) => ModeSearchBaselines.Create(this, ModelName, name, seed);

    public string? AutoOracle(int devices, int tasksPerDevice) => ModeSearchBaselines.AutoOracle(devices, AutoExhaustiveMaxDevices);

    public IOptimumOracle CreateOracle(string name) => ModeSearchBaselines.CreateOracle(this, ModelName, name);

    private void Check(Workload reports, int decisionLength)
    {
        if (reports.Devices != weights.Length || reports.TasksPerDevice != 1 || reports.ContextFeatures != ContextFeatures || decisionLength != weights.Length)
        {
            throw new ArgumentException(
                $"This LyDROO system has {weights.Length} devices, each with a channel gain and two queues; got {reports.Devices} x {reports.TasksPerDevice} values, {reports.Context.Length} queue values and a {decisionLength}-bit decision.",
                nameof(reports));
        }
    }
}
