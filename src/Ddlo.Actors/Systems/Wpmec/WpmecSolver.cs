using System.Diagnostics;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Model;
using Ddlo.Core.Wpmec;

namespace Ddlo.Actors.Systems.Wpmec;

/// <summary>One WPMEC frame: the rate and exact time split of a mode, or of the best (exhaustive for N &lt;= 20, coordinate descent beyond).</summary>
internal sealed class WpmecSolver(WpmecModel model) : ISlotSolver
{
    public Workload Reports(double[] values, int devices)
    {
        if (values.Length != devices)
        {
            throw new ArgumentException($"--workload: this scenario has {devices} {model.ReportName} per slot (N = {devices}), got {values.Length}.");
        }

        var workload = Workload.Create(devices, 1, values);
        model.CheckReports(workload);
        return workload;
    }

    public SlotSolution Solve(Workload workload, string decision)
    {
        string how = decision.Trim().ToLowerInvariant();
        if (how == "dual")
        {
            throw new ArgumentException("--decision dual: the dual decomposition prices MUMT's bandwidth; for WPMEC give the mode's bits or best.");
        }

        var watch = Stopwatch.StartNew();
        bool best = how == "best";
        bool exhaustive = workload.Devices <= WpmecSearch.MaxExhaustiveDevices;
        var gains = workload.Sizes.AsSpan();
        var mode = !best ? InputException.Read("--decision", () => OffloadDecision.Parse(decision, workload.TaskCount))
            : OffloadDecision.FromBits(exhaustive
                ? model.Search.Exhaustive(gains, model.Weights.AsSpan()).Mode
                : model.Search.CoordinateDescent(gains, model.Weights.AsSpan(), new bool[workload.Devices]).Mode);
        double searchMs = watch.Elapsed.TotalMilliseconds;
        var split = model.Solve(workload, mode);
        string? note = !best ? null
            : exhaustive ? string.Create(CultureInfo.InvariantCulture, $"optimal over 2^{workload.Devices} modes, {searchMs:0.###} ms")
            : string.Create(CultureInfo.InvariantCulture, $"coordinate descent from all-local, {searchMs:0.###} ms; 2^{workload.Devices} modes are out of reach");
        return new SlotSolution(
            [
                new("Mode", $"{mode} (1 = offload)", note),
                new("Rate", $"{(split.Rate / 1e6).ToString("0.######", CultureInfo.InvariantCulture)} Mbit/s (weighted sum)"),
                new("Split", $"power transfer a = {split.PowerTransfer.ToString("0.######", CultureInfo.InvariantCulture)}; " +
                    string.Join("  ", split.OffloadTimes.Select((t, n) => (t, n)).Where(p => p.t > 0).Select(p => string.Create(CultureInfo.InvariantCulture, $"tau{p.n} = {p.t:0.######}")))),
            ],
            [
                new("gains", workload.Sizes),
                new("decision", mode.ToString()),
                new("optimal", best && exhaustive),
                new("rate_bits_per_second", split.Rate),
                new("power_transfer", split.PowerTransfer),
                new("offload_times", split.OffloadTimes),
                new("price", split.Price),
                new("search_milliseconds", best ? searchMs : null),
            ]);
    }
}
