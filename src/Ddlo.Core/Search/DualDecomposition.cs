using Ddlo.Core.Model;
using MathNet.Numerics.Optimization;
using MathNet.Numerics.Optimization.ObjectiveFunctions;

namespace Ddlo.Core.Search;

/// <summary>
/// A certified optimum of (P1) for any number of devices, by Lagrangian relaxation of the bandwidth constraint.
/// </summary>
/// <remarks>
/// For a price lambda on bandwidth, each device alone picks the best of its 2^M local decisions together with its
/// own bandwidth: min over x_n, c_n of E_n + beta * max(L_n, D_n / c_n + S_n) + lambda * c_n, whose c_n is the same
/// closed form as in P2, min(sqrt(beta D_n / lambda), c0_n). The dual function g(lambda) = sum_n of those minima
/// - lambda * C is concave, and its maximum is a lower bound on Q*. It is maximised by golden-section search in
/// log(lambda) (MathNet). The devices' choices at and around the best price, each priced exactly with P2, then
/// improved by single-bit flips, give a feasible decision; the two together certify the gap. Cost
/// O(N * 2^M * iterations). When the gap is above <see cref="BranchAboveGap"/> (a device between two choices in the
/// relaxation, as deep fades make) and N is at most <see cref="MaxBranchDevices"/>, a small branch and bound over such
/// devices raises the bound and may improve the decision. Under the equal split the problem separates by device and the answer is exact.
/// </remarks>
public sealed class DualDecomposition
{
    /// <summary>Tasks per device above which 2^M local decisions per device become too many to enumerate.</summary>
    public const int MaxTasksPerDevice = 16;

    /// <summary>
    /// Devices above which the local search (each undecided device's options priced with a full P2 split) grows out of
    /// reach: measured on 2 cores, about 0.2 s a slot at 10,000 devices and 1.5 s at 30,000, but not 2 slots in 7
    /// minutes at 100,000.
    /// </summary>
    public const int MaxDevices = 30_000;

    private const double LogPriceLow = -30;
    private const double LogPriceHigh = 30;
    private static readonly double[] NeighbourFactors =
        [1, 1 - 1e-6, 1 + 1e-6, 1 - 1e-3, 1 + 1e-3, 0.99, 1.01, 0.97, 1.03, 0.9, 1.1, 0.8, 1.25, 0.67, 1.5, 0.5, 2];

    /// <summary>Combinations of the undecided devices' candidate choices tried one by one, at most.</summary>
    private const int MaxCombinations = 4096;

    /// <summary>Up to this many devices, the local search revisits every device, not only the undecided ones.</summary>
    private const int SearchAllDevicesUpTo = 64;

    /// <summary>A certified gap above this is narrowed by branching on ambivalent devices (<see cref="Branch"/>).</summary>
    public const double BranchAboveGap = 1e-6;

    /// <summary>Branching stops once the gap is at most this.</summary>
    private const double BranchToGap = 1e-8;

    /// <summary>Dual solves branching may spend on one workload by default (each about 1 ms at N = 100, M = 3).</summary>
    public const int MaxBranchNodes = 64;

    /// <summary>
    /// Devices above which no branching is tried: a dual solve grows with N (about 0.2 s at 10,000), and the gap left by
    /// one ambivalent device shrinks as 1 / N.
    /// </summary>
    public const int MaxBranchDevices = 2_000;

    /// <summary>A choice a branch has excluded: never the cheapest, never an improvement.</summary>
    private static readonly DeviceLoad Excluded = new(double.PositiveInfinity, 0, 0, 0);

    private readonly MecModel model;

    /// <param name="model">The system's model.</param>
    /// <param name="localSearchPasses">Rounds of device-by-device improvement of the recovered primal.</param>
    /// <param name="branchNodes">Dual solves branching may spend on one workload (<see cref="MaxBranchNodes"/> by default).</param>
    public DualDecomposition(MecModel model, int localSearchPasses = 4, int branchNodes = MaxBranchNodes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(branchNodes);
        this.model = model;
        LocalSearchPasses = localSearchPasses;
        BranchNodes = branchNodes;
    }

    /// <summary>Rounds of device-by-device improvement applied to the recovered primal (0 disables it).</summary>
    public int LocalSearchPasses { get; }

    /// <summary>Dual solves branching may spend on one workload.</summary>
    public int BranchNodes { get; }

    public DualSolution Solve(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (workload.TasksPerDevice > MaxTasksPerDevice)
        {
            throw new ArgumentException(
                $"The dual solver enumerates 2^M decisions per device and is limited to M <= {MaxTasksPerDevice}; this workload has M = {workload.TasksPerDevice}.",
                nameof(workload));
        }

        var table = model.LoadTable(workload);
        return model.Policy == BandwidthPolicy.Equal ? SolveSeparable(workload, table) : SolveCoupled(workload, table);
    }

    /// <summary>The dual function g(lambda) (a lower bound on Q* for every lambda >= 0).</summary>
    public double Dual(Workload workload, double price) => Dual(model.LoadTable(workload), price, choices: null);

    /// <summary>With a fixed share C / N per device, the best mask of each device is the exact optimum.</summary>
    private DualSolution SolveSeparable(Workload workload, DeviceLoad[][] table)
    {
        double share = model.Parameters.UplinkMBps / workload.Devices;
        var masks = new int[workload.Devices];
        for (int n = 0; n < table.Length; n++)
        {
            double best = double.PositiveInfinity;
            for (int mask = 0; mask < table[n].Length; mask++)
            {
                double cost = table[n][mask].Energy + (model.Parameters.Beta * table[n][mask].Delay(share));
                if (cost < best)
                {
                    best = cost;
                    masks[n] = mask;
                }
            }
        }

        var evaluation = model.Evaluate(workload, Decision(masks, workload.TasksPerDevice));
        return new DualSolution(Decision(masks, workload.TasksPerDevice), evaluation.Q, evaluation.Bandwidth, evaluation.Q, 0);
    }

    private DualSolution SolveCoupled(Workload workload, DeviceLoad[][] table)
    {
        var root = SolveNode(table);
        var (masks, q, bound) = (root.Masks, root.Q, root.Bound);
        if (Gap(q, bound) > BranchAboveGap && table.Length <= MaxBranchDevices)
        {
            (masks, q, bound) = Branch(table, root);
        }

        var decision = Decision(masks, workload.TasksPerDevice);
        var evaluation = model.Evaluate(workload, decision);
        return new DualSolution(decision, evaluation.Q, evaluation.Bandwidth, bound, root.Price);
    }

    /// <summary>
    /// Branch and bound over the devices the relaxation leaves ambivalent, best bound first. The dual bound is the
    /// optimum of the problem with each device's choices convexified, and with one coupling constraint at most a few
    /// devices sit between two choices there (Shapley-Folkman): fixing such a device to each of its 2^M choices in turn
    /// and bounding each branch by its own dual (the device's bandwidth still priced) gives a bound at least as high,
    /// min over the branches. Stops once the gap is at most <see cref="BranchToGap"/> or after
    /// <see cref="BranchNodes"/> dual solves; the bound is the least over the open branches, so it stays certified.
    /// </summary>
    private (int[] Masks, double Q, double Bound) Branch(DeviceLoad[][] table, Node root)
    {
        var (bestMasks, bestQ) = (root.Masks, root.Q);
        int devices = table.Length;
        var open = new PriorityQueue<(DeviceLoad[][] Table, Node Node, bool[] Fixed), double>();
        open.Enqueue((table, root, new bool[devices]), root.Bound);
        double settled = double.PositiveInfinity;
        int solved = 1;
        while (open.TryPeek(out var next, out double lowest) && Gap(bestQ, lowest) > BranchToGap && solved + next.Table[0].Length <= BranchNodes + 1)
        {
            open.Dequeue();
            int device = BranchDevice(next.Table, next.Node, next.Fixed);
            if (device < 0)
            {
                // No device left to branch on (each fixed, or with one load to choose): this branch's bound is final.
                settled = Math.Min(settled, lowest);
                continue;
            }

            var fixedHere = (bool[])next.Fixed.Clone();
            fixedHere[device] = true;
            for (int mask = 0; mask < next.Table[device].Length; mask++)
            {
                // An excluded choice, or one with the same load as an earlier one (equal tasks swapped): no branch of its own.
                var load = next.Table[device][mask];
                if (double.IsPositiveInfinity(load.Energy) || next.Table[device].AsSpan(0, mask).Contains(load))
                {
                    continue;
                }

                var branch = (DeviceLoad[][])next.Table.Clone();
                branch[device] = [.. next.Table[device].Select((load, m) => m == mask ? load : Excluded)];
                var node = SolveNode(branch, improve: devices <= SearchAllDevicesUpTo);
                solved++;
                if (node.Q < bestQ)
                {
                    (bestMasks, bestQ) = (node.Masks, node.Q);
                }

                // A branch whose bound reaches the best decision found cannot hold a better one.
                if (node.Bound < bestQ)
                {
                    open.Enqueue((branch, node, fixedHere), node.Bound);
                }
            }
        }

        double bound = Math.Min(settled, open.TryPeek(out _, out double least) ? Math.Min(least, bestQ) : bestQ);
        return (bestMasks, bestQ, Math.Max(bound, root.Bound));
    }

    /// <summary>
    /// The device to branch on: of those not yet fixed, the one the relaxation most likely holds between two choices.
    /// At the best price the dual's subgradient (the bandwidth the devices ask for, less C) changes sign, so that
    /// device's two best choices cost nearly the same and ask for different bandwidth: the least margin between them per
    /// MB/s of difference wins (a tie between choices that ask for the same bandwidth cannot split the constraint).
    /// -1 when no device is left to branch on.
    /// </summary>
    private int BranchDevice(DeviceLoad[][] table, Node node, bool[] fixedDevices)
    {
        double beta = model.Parameters.Beta;
        (int Device, double Score, double Margin) closest = (-1, double.PositiveInfinity, double.PositiveInfinity);
        for (int n = 0; n < table.Length; n++)
        {
            if (fixedDevices[n])
            {
                continue;
            }

            // Two choices with the same load (tasks of equal size swapped) tie without being a choice between loads.
            (double Cost, DeviceLoad Load) best = (double.PositiveInfinity, default), second = (double.PositiveInfinity, default);
            foreach (var option in table[n])
            {
                double cost = option.Energy + DeviceDelayCost(option, node.Price, beta);
                if (cost < best.Cost)
                {
                    second = option == best.Load ? second : best;
                    best = (cost, option);
                }
                else if (option != best.Load && cost < second.Cost)
                {
                    second = (cost, option);
                }
            }

            if (double.IsPositiveInfinity(second.Cost))
            {
                continue;
            }

            double margin = second.Cost - best.Cost;
            double asks = Math.Abs(Demand(best.Load, node.Price, beta) - Demand(second.Load, node.Price, beta));
            double score = asks > 0 ? margin / asks : double.PositiveInfinity;
            if (score < closest.Score || (score == closest.Score && margin < closest.Margin))
            {
                closest = (n, score, margin);
            }
        }

        return closest.Device;
    }

    /// <summary>The bandwidth a device's load asks for at price lambda: the closed form of its subproblem, MB/s.</summary>
    private static double Demand(DeviceLoad load, double price, double beta) =>
        load.OffloadedMb <= 0 ? 0
        : price <= 0 ? load.SaturationBandwidth
        : Math.Min(Math.Sqrt(beta * load.OffloadedMb / price), load.SaturationBandwidth);

    /// <summary>The dual of <paramref name="table"/> (some devices' choices possibly excluded), and the primal recovered from it.</summary>
    private Node SolveNode(DeviceLoad[][] table, bool improve = true)
    {
        var objective = ObjectiveFunction.ScalarValue(logPrice => -Dual(table, Math.Exp(logPrice), choices: null));
        var minimizer = new GoldenSectionMinimizer(xTolerance: 1e-10, maxIterations: 1000);
        var result = minimizer.FindMinimum(objective, LogPriceLow, LogPriceHigh);
        double price = Math.Exp(result.MinimizingPoint);
        double bound = -result.FunctionInfoAtMinimum.Value;

        // At price 0 bandwidth is free; the concave dual may peak there (bandwidth not scarce at all).
        double atZero = Dual(table, 0, choices: null);
        if (atZero >= bound)
        {
            (bound, price) = (atZero, 0);
        }

        // Primal recovery: the devices' own choices at and near the best price, each priced exactly. A device whose
        // choice changes across those prices is undecided: it gets all the choices it was seen to make.
        int devices = table.Length;
        int[]? bestMasks = null;
        double bestQ = double.PositiveInfinity;
        var masks = new int[devices];
        var loads = new DeviceLoad[devices];
        var seen = Enumerable.Range(0, devices).Select(_ => new List<int>(2)).ToArray();
        foreach (double factor in NeighbourFactors)
        {
            Dual(table, price * factor, masks);
            for (int n = 0; n < masks.Length; n++)
            {
                if (!seen[n].Contains(masks[n]))
                {
                    seen[n].Add(masks[n]);
                }
            }

            double q = Utility(table, masks, loads);
            if (q < bestQ)
            {
                bestQ = q;
                bestMasks = (int[])masks.Clone();
            }
        }

        int[] undecided = Enumerable.Range(0, devices).Where(n => seen[n].Count > 1).ToArray();
        if (improve)
        {
            bestQ = TryCombinations(table, bestMasks!, bestQ, loads, undecided, seen);
            var searched = devices <= SearchAllDevicesUpTo ? Enumerable.Range(0, devices).ToArray() : undecided;
            bestQ = ImproveDeviceByDevice(table, bestMasks!, bestQ, loads, searched, bound);
        }

        return new Node(bestMasks!, bestQ, bound, price);
    }

    private static double Gap(double q, double bound) => (q - bound) / Math.Abs(bound);

    /// <summary>g(lambda); when <paramref name="choices"/> is given, fills it with each device's minimising mask.</summary>
    private double Dual(DeviceLoad[][] table, double price, int[]? choices)
    {
        double beta = model.Parameters.Beta;
        double sum = -price * model.Parameters.UplinkMBps;
        for (int n = 0; n < table.Length; n++)
        {
            double best = double.PositiveInfinity;
            int bestMask = 0;
            var options = table[n];
            for (int mask = 0; mask < options.Length; mask++)
            {
                double cost = options[mask].Energy + DeviceDelayCost(options[mask], price, beta);
                if (cost < best)
                {
                    best = cost;
                    bestMask = mask;
                }
            }

            sum += best;
            if (choices is not null)
            {
                choices[n] = bestMask;
            }
        }

        return sum;
    }

    /// <summary>min over c >= 0 of beta * delay(c) + lambda * c for one device's load.</summary>
    private static double DeviceDelayCost(DeviceLoad load, double price, double beta)
    {
        if (load.OffloadedMb <= 0)
        {
            return beta * load.LocalTime;
        }

        double saturation = load.SaturationBandwidth;
        if (price <= 0)
        {
            // Free bandwidth: delay falls to max(L, S) (approached as c grows when L <= S).
            return beta * Math.Max(load.LocalTime, load.EdgeTime);
        }

        double c = Math.Sqrt(beta * load.OffloadedMb / price);
        return c < saturation
            ? (beta * (load.OffloadedMb / c + load.EdgeTime)) + (price * c)
            : (beta * load.LocalTime) + (price * saturation);
    }

    private double Utility(DeviceLoad[][] table, int[] masks, DeviceLoad[] loads)
    {
        for (int n = 0; n < masks.Length; n++)
        {
            loads[n] = table[n][masks[n]];
        }

        return model.Utility(loads);
    }

    /// <summary>
    /// When the undecided devices' seen choices combine into few enough decisions, prices every combination (the
    /// others keep their choice) and keeps the best in <paramref name="masks"/>.
    /// </summary>
    private double TryCombinations(DeviceLoad[][] table, int[] masks, double q, DeviceLoad[] loads, int[] undecided, List<int>[] seen)
    {
        double combinations = undecided.Aggregate(1.0, (product, n) => product * seen[n].Count);
        if (undecided.Length == 0 || combinations > MaxCombinations)
        {
            return q;
        }

        var trial = (int[])masks.Clone();
        var digits = new int[undecided.Length];
        for (long c = 0; c < (long)combinations; c++)
        {
            long rest = c;
            for (int i = 0; i < undecided.Length; i++)
            {
                int count = seen[undecided[i]].Count;
                digits[i] = (int)(rest % count);
                rest /= count;
                trial[undecided[i]] = seen[undecided[i]][digits[i]];
            }

            double candidate = Utility(table, trial, loads);
            if (candidate < q)
            {
                q = candidate;
                Array.Copy(trial, masks, masks.Length);
            }
        }

        return q;
    }

    /// <summary>
    /// Coordinate descent: each listed device in turn takes whichever of its 2^M local decisions lowers the exact Q
    /// most, for a few passes, stopping early once nothing improves or the gap is closed.
    /// </summary>
    private double ImproveDeviceByDevice(DeviceLoad[][] table, int[] masks, double q, DeviceLoad[] loads, int[] devices, double bound)
    {
        for (int pass = 0; pass < LocalSearchPasses && q - bound > 1e-12 * Math.Abs(bound); pass++)
        {
            bool improved = false;
            foreach (int n in devices)
            {
                int current = masks[n];
                for (int mask = 0; mask < table[n].Length; mask++)
                {
                    if (mask == current)
                    {
                        continue;
                    }

                    masks[n] = mask;
                    double candidate = Utility(table, masks, loads);
                    if (candidate < q)
                    {
                        q = candidate;
                        current = mask;
                        improved = true;
                    }
                }

                masks[n] = current;
            }

            if (!improved)
            {
                break;
            }
        }

        return q;
    }

    /// <summary>One dual solve: the primal found (masks index the table's options), its Q, the bound and its price.</summary>
    private sealed record Node(int[] Masks, double Q, double Bound, double Price);

    private static OffloadDecision Decision(int[] masks, int tasks)
    {
        var bits = new bool[masks.Length * tasks];
        for (int n = 0; n < masks.Length; n++)
        {
            for (int m = 0; m < tasks; m++)
            {
                bits[(n * tasks) + m] = ((masks[n] >> m) & 1) != 0;
            }
        }

        return OffloadDecision.FromBits(bits);
    }
}
