using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Ddlo.Actors.Configuration;
using Ddlo.Core.Model;
using Ddlo.Core.Search;

namespace Ddlo.Actors.Systems.Mumt;

/// <summary>
/// One MUMT slot: Q, the bandwidth split and the breakdown of a decision, the exhaustive optimum (<c>best</c>), or
/// the dual decomposition's certified decision (<c>dual</c>).
/// </summary>
internal sealed class MumtSolver(MecModel model, int tasksPerDevice) : ISlotSolver
{
    private static readonly ImmutableArray<string> Columns = ["n", "d (MB)", "x", "c MB/s", "E (J)", "L (s)", "D/c (s)", "S (s)", "delay", "cost (J)"];

    public Workload Reports(double[] values, int devices)
    {
        var workload = Workload.Create(devices, tasksPerDevice, values);
        model.CheckReports(workload);
        return workload;
    }

    public SlotSolution Solve(Workload workload, string decision)
    {
        string how = decision.Trim().ToLowerInvariant();
        bool best = how == "best";
        var watch = Stopwatch.StartNew();
        DualSolution? dual = how == "dual" ? new DualDecomposition(model).Solve(workload) : null;
        if (best && workload.TaskCount > ExhaustiveSearch.MaxTasks)
        {
            throw new InputException("--decision best", string.Create(CultureInfo.InvariantCulture,
                $"Exhaustive search is limited to N*M <= {ExhaustiveSearch.MaxTasks} (2^{ExhaustiveSearch.MaxTasks} decisions); this workload has N*M = {workload.TaskCount}: give the decision's bits, or dual."));
        }

        var chosen = best ? new ExhaustiveSearch(model).Solve(workload).Decision
            : dual?.Decision ?? InputException.Read("--decision", () => OffloadDecision.Parse(decision, workload.TaskCount));
        double searchMs = watch.Elapsed.TotalMilliseconds;
        var evaluation = model.Evaluate(workload, chosen);

        string? note = best
            ? string.Create(CultureInfo.InvariantCulture, $"optimal over 2^{workload.TaskCount} decisions, {searchMs:0.###} ms")
            : dual is not null
                ? string.Create(CultureInfo.InvariantCulture, $"dual decomposition: lower bound {dual.LowerBound:0.######} J, certified gap {dual.Gap:0.###e+0}, {searchMs:0.###} ms")
                : null;
        var rows = evaluation.Devices.Select(device =>
        {
            int n = device.Device;
            return ImmutableArray.Create(
                n.ToString(CultureInfo.InvariantCulture),
                string.Join(",", workload.Device(n).ToArray().Select(d => Number(d, "0.####"))),
                chosen.ToString().Substring(n * workload.TasksPerDevice, workload.TasksPerDevice),
                Number(device.Bandwidth, "0.##"),
                Number(device.Energy, "0.##"),
                Number(device.LocalTime, "0.##"),
                Number(device.UploadTime, "0.##"),
                Number(device.EdgeTime, "0.##"),
                Number(device.Delay, "0.##"),
                Number(device.Cost, "0.##"));
        });
        return new SlotSolution(
            [new("Decision", chosen.ToString(), note), new("Q", $"{Number(evaluation.Q, "0.######")} J")],
            [
                new("workload", workload.Sizes),
                new("decision", chosen.ToString()),
                new("optimal", best),
                new("q", evaluation.Q),
                new("bandwidth", evaluation.Bandwidth),
                new("price", evaluation.Price),
                new("devices", evaluation.Devices),
                new("search_milliseconds", best || dual is not null ? searchMs : null),
                new("lower_bound", dual?.LowerBound),
                new("gap", dual?.Gap),
            ])
        {
            Table = new SolutionTable(Columns, [.. rows],
                "E energy, L local time, D/c upload time, S edge time; delay = max(L, D/c + S); cost = E + beta * delay."),
        };
    }

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
