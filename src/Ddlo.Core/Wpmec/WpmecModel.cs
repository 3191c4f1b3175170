using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;
using Ddlo.Core.Search;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Wpmec;

/// <summary>
/// DROO's wireless-powered MEC system behind the system-model seam: each device reports its channel gain h_i (a
/// workload of N devices with one value each), a decision says which devices offload, and its value is the weighted
/// sum computation rate of the exact time split (<see cref="WpmecAllocator"/>), maximised.
/// </summary>
public sealed class WpmecModel : ISystemModel, IModeSearchModel, IDeviceBreakdown
{
    /// <summary>The model's name in scenarios.</summary>
    public const string ModelName = "wpmec";

    private readonly double[] weights;

    /// <param name="parameters">The system's constants.</param>
    /// <param name="weights">w_i, one per device (the authors' default: 1 for even i, 1.5 for odd i).</param>
    public WpmecModel(WpmecParameters parameters, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0)
        {
            throw new ArgumentException("A WPMEC system needs at least one device weight.", nameof(weights));
        }

        for (int i = 0; i < weights.Count; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentException($"Weight w{i} must be a finite number >= 0, got {weights[i].ToString(CultureInfo.InvariantCulture)}.", nameof(weights));
            }
        }

        if (weights.All(w => w == 0))
        {
            throw new ArgumentException("Every weight is 0, so every mode is worth nothing: give at least one device a weight > 0.", nameof(weights));
        }

        Parameters = parameters;
        this.weights = [.. weights];
        Weights = [.. weights];
        Allocator = new WpmecAllocator(parameters);
        Search = new WpmecSearch(Allocator);
    }

    public WpmecParameters Parameters { get; }

    /// <summary>w_i per device.</summary>
    public ImmutableArray<double> Weights { get; }

    /// <summary>N, the devices the weights are for.</summary>
    public int Devices => weights.Length;

    public WpmecAllocator Allocator { get; }

    public WpmecSearch Search { get; }

    /// <summary>
    /// The layout of DROO's data sets: <c>h0..h{N-1},q_opt,x0..x{N-1}</c>, the channel gains, the optimal rate and mode,
    /// optionally followed by the optimal split <c>a,tau0..tau{N-1}</c> (read past: the allocation is recomputed exactly).
    /// </summary>
    /// <remarks>
    /// Its tolerance (1e-5) is looser than MUMT's because the published DROO optima are: their time splits overfill the
    /// frame by up to about 3e-8 (a + sum tau > 1, the authors' bisection stopping short), so q_opt overstates the rate of
    /// its own mode by up to about 1.6e-6 relative. Wrong weights or constants move it by far more.
    /// </remarks>
    public static Data.DatasetLayout Dataset(int devices)
    {
        string[] modes = [.. Data.DatasetLayout.Named("h", devices), "q_opt", .. Data.DatasetLayout.Named("x", devices)];
        return new Data.DatasetLayout(ModelName, devices, 1, modes, [.. modes, "a", .. Data.DatasetLayout.Named("tau", devices)],
            $"h0..h{devices - 1},q_opt,x0..x{devices - 1} ({modes.Length} columns), optionally followed by a,tau0..tau{devices - 1} ({modes.Length + devices + 1} in all)",
            $"WPMEC scenario with {devices} devices", "channel gain", Positive: true)
        {
            Kind = "a WPMEC data set (channel gains h0..)",
            SwitchHint = " (as hocon/scenarios/droo-wpmec-10.conf does)",
            Tolerance = 1e-5,
            MismatchHint = "wrong weights or system constants?",
        };
    }

    public string Name => ModelName;

    public Objective Objective => Objective.Maximise;

    public string ValueName => "weighted sum computation rate";

    public string ReportName => "channel gains";

    public IReadOnlyList<string> Baselines => ModeSearchBaselines.Names;

    /// <summary>
    /// Exhaustive search (the optimum) and coordinate descent from the all-local mode (the authors' reference for
    /// N = 20 and 30: a local optimum, so a learner may score above 1 against it).
    /// </summary>
    public IReadOnlyList<string> Oracles => ModeSearchBaselines.Oracles;

    /// <summary>The largest N that <c>auto</c> scores exhaustively (2^10 modes, about 9 ms a slot on two cores; each device more doubles it).</summary>
    public const int AutoExhaustiveMaxDevices = 10;

    public void CheckReports(Workload reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.TasksPerDevice != 1 || reports.Devices != weights.Length)
        {
            throw new ArgumentException(
                $"A WPMEC slot has one channel gain for each of its {weights.Length} devices, got {reports.Devices} x {reports.TasksPerDevice} values.", nameof(reports));
        }

        var p = Parameters;
        for (int i = 0; i < reports.Devices; i++)
        {
            double h = reports.Sizes[i];
            if (!double.IsFinite(h) || h <= 0 || !NumericRange.Holds(h))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Device {i}'s channel gain must be a number within [{NumericRange.Min:G3}, {NumericRange.Max:G3}], got {h:G}."));
            }

            // The SNR at full power, mu P h^2 / N0, is a value the allocation computes with (in its logarithm, the price).
            double snr = p.Eta2 * h * h;
            if (!NumericRange.Holds(snr))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Device {i}'s channel gain {h:G} gives an SNR mu P h^2 / N0 = {snr:G3} with these constants; it must lie within [{NumericRange.Min:G3}, {NumericRange.Max:G3}]."));
            }

            // The allocation prices frame time in log space within about e^±700 of B / (v_u ln 2): each device's own
            // rate terms must stay well inside the doubles, or it finds no price.
            double offloadTerm = weights[i] * p.Epsilon * p.Eta2 * h * h;
            double localTerm = weights[i] * p.Eta1 * Math.Cbrt(h / p.EnergyCoefficient);
            if (!(offloadTerm <= MaxRateTerm) || !(localTerm <= MaxRateTerm))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Device {i}'s channel gain {h:G} is beyond what the allocation can price with these constants and weight {weights[i]:G}: its rate terms ({offloadTerm:G3} offloading, {localTerm:G3} computing locally) must stay below {MaxRateTerm:G3}."));
            }
        }
    }

    /// <summary>The largest rate term (w eps eta2 h^2, or w eta1 (h / k)^(1/3)) a device may bring to the allocation.</summary>
    public const double MaxRateTerm = 1e300;

    public double Value(Workload reports, OffloadDecision decision) => Solve(reports, decision).Rate;

    public SlotAllocation Allocate(Workload reports, OffloadDecision decision)
    {
        var allocation = Solve(reports, decision);
        return new SlotAllocation(allocation.Rate, allocation.OffloadTimes);
    }

    /// <summary>A device's channel gain, mode and weight, then its part of <see cref="Solve"/>'s split and its weighted rate.</summary>
    public IReadOnlyList<string> BreakdownColumns(int tasksPerDevice) =>
        ["h", "x", "weight", "time_share", "power_transfer", "weighted_rate_bps"];

    /// <summary>
    /// The weighted rates are the allocator's own terms of the rate at the split it found (<see cref="WpmecAllocator.DeviceRate"/>):
    /// they add up to the slot's rate within rounding (the allocator sums them in another form).
    /// </summary>
    public double[][] Breakdown(Workload reports, OffloadDecision decision)
    {
        var allocation = Solve(reports, decision);
        return [.. Enumerable.Range(0, reports.Devices).Select(i =>
        {
            double h = reports.Sizes[i], tau = allocation.OffloadTimes[i];
            bool x = decision[i];
            return new[] { h, x ? 1 : 0, weights[i], tau, allocation.PowerTransfer, Allocator.DeviceRate(h, x, weights[i], allocation.PowerTransfer, tau) };
        })];
    }

    /// <summary>The frame's best mode: all 2^N (exhaustive, N &lt;= 20) or coordinate descent from <paramref name="start"/> (all-local when null).</summary>
    public bool[] BestMode(Workload reports, bool exhaustive, bool[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Check(reports, OffloadDecision.Uniform(reports.Devices, offload: false));
        var gains = reports.Sizes.AsSpan();
        var found = exhaustive ? Search.Exhaustive(gains, weights) : Search.CoordinateDescent(gains, weights, start ?? new bool[reports.Devices]);
        return [.. found.Mode];
    }

    public ModeImprovement Improve(Workload reports, ReadOnlySpan<bool> start, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(reports);
        Check(reports, OffloadDecision.FromBits(start.ToArray()));
        var found = Search.CoordinateDescent(reports.Sizes.AsSpan(), weights, start, maxSteps);
        return new ModeImprovement([.. found.Mode], found.Steps, found.Priced);
    }

    /// <summary>The exact split of a decision, with the power-transfer fraction a and the price of frame time.</summary>
    public WpmecAllocation Solve(Workload reports, OffloadDecision decision)
    {
        Check(reports, decision);
        return Allocator.Allocate(reports.Sizes.AsSpan(), decision.Bits.AsSpan(), weights);
    }

    public IOffloadingPolicy CreateBaseline(string name, int seed) => ModeSearchBaselines.Create(this, ModelName, name, seed);

    public string? AutoOracle(int devices, int tasksPerDevice) => ModeSearchBaselines.AutoOracle(devices, AutoExhaustiveMaxDevices);

    public IOptimumOracle CreateOracle(string name) => ModeSearchBaselines.CreateOracle(this, ModelName, name);

    private void Check(Workload reports, OffloadDecision decision)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(decision);
        if (reports.Devices != weights.Length || reports.TasksPerDevice != 1 || decision.Length != weights.Length)
        {
            throw new ArgumentException(
                $"This WPMEC system has {weights.Length} devices with one channel gain each; got {reports.Devices} x {reports.TasksPerDevice} values and a {decision.Length}-bit decision.",
                nameof(decision));
        }
    }
}
