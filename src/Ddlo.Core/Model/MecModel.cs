using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Core.Bandwidth;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;
using Ddlo.Core.Search;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Model;

/// <summary>
/// The system utility Q(d, x, c) of design.md §1 under a bandwidth policy:
/// Q = sum_n [ sum_m (E_c x + E_l (1 - x)) + beta * max(L_n, D_n / (s_n c_n) + S_n) ]: DDLO's multi-user multi-task
/// system (MUMT), where each device reports its M task sizes and the cost Q is minimised.
/// </summary>
/// <remarks>
/// s_n is device n's rate scale: its spectral efficiency relative to the reference channel, so that c_n MB/s of the
/// uplink carry s_n c_n MB/s of its data. Without a channel (a workload with no context) every s_n is 1, the paper's
/// model. With one, the workload's context carries s_n, and a device of a class its local time, local energy and
/// transmit energy per bit as factors of the system's (<see cref="DeviceTraits"/>). Energy is per bit and does not
/// depend on the rate, so P2 keeps its exact solution with D'_n = D_n / s_n in the delay term
/// (docs/many-cells.md §1): every solver here works on <see cref="DeviceLoad"/>s whose upload is D'_n.
/// </remarks>
public sealed class MecModel : ISystemModel, IDeviceBreakdown
{
    /// <summary>The model's name in scenarios.</summary>
    public const string ModelName = "mumt";

    public MecModel(MecParameters parameters, BandwidthPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.Validate();
        Policy = policy;
    }

    public MecParameters Parameters { get; }

    public string Name => ModelName;

    public Objective Objective => Objective.Minimise;

    public string ValueName => "cost Q";

    public string ReportName => "task sizes";

    public IReadOnlyList<string> Baselines => BaselinePolicies.Names;

    public IReadOnlyList<string> Oracles { get; } = ["exhaustive", "dual"];

    public BandwidthPolicy Policy { get; }

    /// <summary>
    /// The layout of MUMT's data sets: <c>d0..d{K-1},q_opt,x0..x{K-1}</c>, K = N*M task sizes device-major in MB.
    /// </summary>
    public static Data.DatasetLayout Dataset(int devices, int tasksPerDevice)
    {
        int tasks = devices * tasksPerDevice;
        string[] columns = [.. Data.DatasetLayout.Named("d", tasks), "q_opt", .. Data.DatasetLayout.Named("x", tasks)];
        return new Data.DatasetLayout(ModelName, devices, tasksPerDevice, columns, columns,
            $"d0..d{tasks - 1},q_opt,x0..x{tasks - 1} ({columns.Length} columns)", $"{devices} x {tasksPerDevice} scenario", "task size", Positive: false)
        {
            Kind = "an MUMT data set (task sizes d0..)",
            MismatchHint = "wrong bandwidth policy or uplink?",
        };
    }

    /// <summary>The smallest rate scale a device may report: below it, an upload would take longer than the model can hold.</summary>
    public const double MinRateScale = DeviceTraits.Min;

    /// <summary>The largest rate scale a device may report.</summary>
    public const double MaxRateScale = DeviceTraits.Max;

    /// <summary>Energy of running a task of <paramref name="mb"/> MB locally (E_l), J, on a device whose energy per bit is <paramref name="factor"/> times the system's.</summary>
    public double LocalEnergy(double mb, double factor = 1.0) => mb * MecParameters.BitsPerMb * Parameters.LocalEnergyPerBit * factor;

    /// <summary>Energy of offloading a task (E_c = E_t + alpha * bits), J, with a transmit energy per bit <paramref name="factor"/> times the system's.</summary>
    public double OffloadEnergy(double mb, double factor = 1.0) =>
        mb * MecParameters.BitsPerMb * ((Parameters.TransmitEnergyPerBit * factor) + Parameters.Alpha);

    /// <summary>Time to run a task locally (T_l), s, on a device whose time per bit is <paramref name="factor"/> times the system's.</summary>
    public double LocalTime(double mb, double factor = 1.0) => mb * MecParameters.BitsPerMb * Parameters.LocalTimePerBit * factor;

    /// <summary>Time to process an offloaded task at the edge (T_e), s.</summary>
    public double EdgeTime(double mb) =>
        mb * MecParameters.BitsPerMb * Parameters.EdgeCyclesPerBit / Parameters.EdgeClockHz;

    /// <summary>The load of the paper's device whose task <c>m</c> of size <c>sizes[m]</c> is offloaded where <c>offloaded[m]</c>.</summary>
    public DeviceLoad Load(ReadOnlySpan<double> sizes, ReadOnlySpan<bool> offloaded) => Load(sizes, offloaded, DeviceTraits.Paper);

    /// <summary>
    /// The load of a device with <paramref name="traits"/> whose task <c>m</c> of size <c>sizes[m]</c> is offloaded where
    /// <c>offloaded[m]</c>: its class's times and energies, and its upload D / s MB at the reference rate.
    /// </summary>
    public DeviceLoad Load(ReadOnlySpan<double> sizes, ReadOnlySpan<bool> offloaded, DeviceTraits traits)
    {
        double energy = 0, local = 0, uploaded = 0, edge = 0;
        for (int m = 0; m < sizes.Length; m++)
        {
            double d = sizes[m];
            if (offloaded[m])
            {
                energy += OffloadEnergy(d, traits.TransmitEnergy);
                uploaded += d;
                edge += EdgeTime(d);
            }
            else
            {
                energy += LocalEnergy(d, traits.LocalEnergy);
                local += LocalTime(d, traits.LocalTime);
            }
        }

        // The paper's device (every trait 1) multiplies and divides exactly: its loads to the bit.
        return new DeviceLoad(energy, local, uploaded / traits.RateScale, edge);
    }

    /// <summary>The load of the paper's device whose tasks are offloaded where <paramref name="offloadMask"/> has a bit set.</summary>
    public DeviceLoad Load(ReadOnlySpan<double> sizes, int offloadMask) => Load(sizes, offloadMask, DeviceTraits.Paper);

    /// <summary>The load of a device with <paramref name="traits"/> whose tasks are offloaded where <paramref name="offloadMask"/> has a bit set.</summary>
    public DeviceLoad Load(ReadOnlySpan<double> sizes, int offloadMask, DeviceTraits traits)
    {
        Span<bool> offloaded = stackalloc bool[sizes.Length];
        for (int m = 0; m < sizes.Length; m++)
        {
            offloaded[m] = ((offloadMask >> m) & 1) != 0;
        }

        return Load(sizes, offloaded, traits);
    }

    /// <summary>
    /// Each device's load for each of its 2^M local decisions: <c>table[n][mask]</c>. A search prices a whole decision
    /// from N look-ups instead of N*M task sums.
    /// </summary>
    public DeviceLoad[][] LoadTable(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        int masks = 1 << workload.TasksPerDevice;
        var table = new DeviceLoad[workload.Devices][];
        for (int n = 0; n < workload.Devices; n++)
        {
            table[n] = new DeviceLoad[masks];
            var traits = DeviceTraits.Of(workload, n);
            for (int mask = 0; mask < masks; mask++)
            {
                table[n][mask] = Load(workload.Device(n), mask, traits);
            }
        }

        return table;
    }

    /// <summary>Every device's load under a decision.</summary>
    public DeviceLoad[] Loads(Workload workload, OffloadDecision decision)
    {
        Check(workload, decision);
        var loads = new DeviceLoad[workload.Devices];
        for (int n = 0; n < workload.Devices; n++)
        {
            loads[n] = LoadOf(workload, decision, n);
        }

        return loads;
    }

    /// <summary>Q for the loads of every device: their energy plus the beta-weighted delay under this policy's split.</summary>
    public double Utility(ReadOnlySpan<DeviceLoad> loads)
    {
        double energy = 0;
        foreach (var load in loads)
        {
            energy += load.Energy;
        }

        return Policy == BandwidthPolicy.Optimal
            ? energy + BandwidthAllocator.OptimalDelayCost(loads, Parameters.UplinkMBps, Parameters.Beta)
            : energy + EqualSplitDelayCost(loads);
    }

    /// <summary>Q*(d, x): the utility of a decision with the policy's bandwidth split.</summary>
    public double Utility(Workload workload, OffloadDecision decision) => Utility(Loads(workload, decision));

    /// <summary>Q with its bandwidth split and per-device breakdown.</summary>
    public Evaluation Evaluate(Workload workload, OffloadDecision decision)
    {
        var loads = Loads(workload, decision);
        var bandwidth = new double[loads.Length];
        BandwidthAllocator.Allocate(loads, Parameters.UplinkMBps, Parameters.Beta, Policy, bandwidth, out double price);

        var devices = ImmutableArray.CreateBuilder<DeviceBreakdown>(loads.Length);
        double q = 0;
        for (int n = 0; n < loads.Length; n++)
        {
            var load = loads[n];
            double delay = load.Delay(bandwidth[n]);
            double upload = load.OffloadedMb > 0 ? load.OffloadedMb / bandwidth[n] : 0; // D / (s c)
            double cost = load.Energy + (Parameters.Beta * delay);
            q += cost;
            devices.Add(new DeviceBreakdown(n, load.Energy, load.LocalTime, upload, load.EdgeTime, delay, bandwidth[n], cost));
        }

        return new Evaluation(q, bandwidth.ToImmutableArray(), devices.MoveToImmutable(), price);
    }

    /// <summary>A device's task sizes and bits, then its share of <see cref="Evaluate"/>: c, energy, L, D / c, S, delay and its term of Q.</summary>
    public IReadOnlyList<string> BreakdownColumns(int tasksPerDevice) =>
    [
        .. Enumerable.Range(0, tasksPerDevice).Select(m => $"d{m}_mb"), .. Enumerable.Range(0, tasksPerDevice).Select(m => $"x{m}"),
        "bandwidth_mb_per_s", "energy_j", "local_time_s", "upload_time_s", "edge_time_s", "delay_s", "cost_j",
    ];

    public double[][] Breakdown(Workload reports, OffloadDecision decision)
    {
        var evaluation = Evaluate(reports, decision);
        int m = reports.TasksPerDevice;
        return [.. evaluation.Devices.Select(d =>
        {
            var bits = decision.Bits.AsSpan().Slice(d.Device * m, m);
            return (double[])[.. reports.Device(d.Device), .. bits.ToArray().Select(x => x ? 1.0 : 0.0),
                d.Bandwidth, d.Energy, d.LocalTime, d.UploadTime, d.EdgeTime, d.Delay, d.Cost];
        })];
    }

    /// <summary>
    /// Task sizes beyond <see cref="NumericRange.Max"/> MB would overflow the cost, and a device's rate scale and class
    /// factors must be within [<see cref="DeviceTraits.Min"/>, <see cref="DeviceTraits.Max"/>]: others are refused,
    /// naming the task or device.
    /// </summary>
    public void CheckReports(Workload reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.ContextFeatures > 0)
        {
            for (int n = 0; n < reports.Devices; n++)
            {
                if (DeviceTraits.Of(reports, n).Problem() is { } problem)
                {
                    throw new ArgumentException($"Device {n}'s {problem}.");
                }
            }
        }

        for (int i = 0; i < reports.TaskCount; i++)
        {
            double d = reports.Sizes[i];
            if (!NumericRange.Holds(d))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Task size d{i} (device {i / reports.TasksPerDevice}, task {i % reports.TasksPerDevice}) must be 0 or a number of MB within [{NumericRange.Min:G3}, {NumericRange.Max:G3}], got {d:G}."));
            }
        }
    }

    double ISystemModel.Value(Workload reports, OffloadDecision decision) => Utility(reports, decision);

    public SlotAllocation Allocate(Workload reports, OffloadDecision decision)
    {
        var evaluation = Evaluate(reports, decision);
        return new SlotAllocation(evaluation.Q, evaluation.Bandwidth);
    }

    public IOffloadingPolicy CreateBaseline(string name, int seed) => BaselinePolicies.Create(name, this, seed);

    /// <summary>Exhaustive search while N*M is at most 16 (it prices 2^(NM) decisions), the dual decomposition beyond.</summary>
    public string? AutoOracle(int devices, int tasksPerDevice) =>
        (long)devices * tasksPerDevice <= AutoExhaustiveMaxTasks ? "exhaustive" : "dual";

    /// <summary>The largest N*M that <see cref="AutoOracle"/> scores exhaustively.</summary>
    public const int AutoExhaustiveMaxTasks = 16;

    public IOptimumOracle CreateOracle(string name) => name switch
    {
        "exhaustive" => new ExhaustiveOracle(this),
        "dual" => new DualOracle(this),
        _ => throw new ArgumentException($"Unknown oracle '{name}' for {ModelName}; expected one of: {string.Join(", ", Oracles)}.", nameof(name)),
    };

    private double EqualSplitDelayCost(ReadOnlySpan<DeviceLoad> loads)
    {
        double share = Parameters.UplinkMBps / loads.Length;
        double delay = 0;
        foreach (var load in loads)
        {
            delay += load.Delay(share);
        }

        return Parameters.Beta * delay;
    }

    private DeviceLoad LoadOf(Workload workload, OffloadDecision decision, int device)
    {
        int start = device * workload.TasksPerDevice;
        return Load(workload.Device(device), decision.Bits.AsSpan().Slice(start, workload.TasksPerDevice), DeviceTraits.Of(workload, device));
    }

    private static void Check(Workload workload, OffloadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Length != workload.TaskCount)
        {
            throw new ArgumentException(
                $"The decision has {decision.Length} bits but the workload has N*M = {workload.TaskCount} tasks.",
                nameof(decision));
        }
    }
}
