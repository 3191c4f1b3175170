using Ddlo.Actors.Recording;
using Ddlo.Actors.Systems;
using Ddlo.Core.Systems;
using ScottPlot;

namespace Ddlo.Hosting.Results;

/// <summary>The PNG figures of a run (ScottPlot).</summary>
internal static class Plots
{
    private const int Width = 1000;
    private const int Height = 560;

    /// <summary>Rolling mean of the gain ratio with its min–max band over the same window.</summary>
    public static void Convergence(string path, RunRecord record, int window, SystemWords words)
    {
        var plot = new Plot();
        var scored = record.Steps.Where(s => !double.IsNaN(s.GainRatio)).ToArray();
        if (scored.Length == 0)
        {
            plot.Title("Convergence: not scored (score-against-optimum = off)");
            plot.SavePng(path, Width, Height);
            return;
        }

        double[] xs = [.. scored.Select(s => (double)s.Slot)];
        var (means, mins, maxs) = Rolling.MeanAndRange([.. scored.Select(s => s.GainRatio)], window);
        var band = plot.Add.FillY(xs, mins, maxs);
        band.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.25);
        band.LineStyle.Width = 0;
        band.LegendText = $"min–max over {window} steps";
        var line = plot.Add.ScatterLine(xs, means);
        line.Color = Colors.SteelBlue;
        line.LineWidth = 2;
        line.LegendText = $"rolling mean ({window} steps)";
        var optimum = plot.Add.HorizontalLine(1.0);
        optimum.Color = Colors.Black.WithAlpha(0.5);
        optimum.LinePattern = LinePattern.Dashed;

        plot.Title($"{words.Learner} convergence, K = {record.DnnCount} (Q* from {record.OptimumSource})");
        plot.XLabel("learning step");
        plot.YLabel(GainAxis(record));
        plot.Axes.SetLimitsY(Math.Max(0, mins.Min() - 0.02), 1.01);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>
    /// Above, the rolling mean value of the deciding policy, the optimum, local-only and edge-only over the steps; below,
    /// when scored, each one's gain ratio against the optimum, where a gap the value's scale squeezes into a few pixels
    /// (local-only's cost is far above the rest) can be read.
    /// </summary>
    public static void Policies(string path, RunRecord record, int window, SystemWords words)
    {
        double[] xs = record.Steps.Select(s => (double)s.Slot).ToArray();
        string policy = record.Policy == "ddlo" ? words.Learner : record.Policy;
        var series = new List<(string Name, Func<StepRecord, double> Q, Color Color)>
        {
            (policy, s => s.Q, Colors.SteelBlue),
            ("local only", s => s.LocalQ, Colors.Gray),
            ("edge only", s => s.EdgeQ, Colors.DarkOrange),
        };
        bool scored = record.Steps.Any(s => !double.IsNaN(s.OptimalQ));
        var multiplot = new Multiplot();
        multiplot.AddPlots(scored ? 2 : 1);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        var values = multiplot.GetPlot(0);
        foreach (var (name, q, color) in scored ? [.. series, ($"optimum ({record.OptimumSource})", s => s.OptimalQ, Colors.Black)] : series)
        {
            var line = values.Add.ScatterLine(xs, Rolling.Mean([.. record.Steps.Select(q)], window));
            line.LegendText = name;
            line.Color = color;
            line.LineWidth = 2;
        }

        bool cost = record.Objective == Ddlo.Core.Systems.Objective.Minimise;
        values.Title($"Value per slot, rolling mean over {window} steps ({(cost ? "lower" : "higher")} is better)");
        values.XLabel("learning step");
        values.YLabel(words.ValueAxis);
        values.ShowLegend(Edge.Right);
        if (scored)
        {
            var gains = multiplot.GetPlot(1);
            foreach (var (name, q, color) in series)
            {
                var line = gains.Add.ScatterLine(xs, Rolling.Mean([.. record.Steps.Select(s => record.Objective.GainRatio(q(s), s.OptimalQ))], window));
                line.LegendText = name;
                line.Color = color;
                line.LineWidth = 2;
            }

            var optimum = gains.Add.HorizontalLine(1.0);
            optimum.Color = Colors.Black.WithAlpha(0.5);
            optimum.LinePattern = LinePattern.Dashed;
            gains.Title($"Against the optimum ({record.OptimumSource}), rolling mean over {window} steps (1 is optimal)");
            gains.XLabel("learning step");
            gains.YLabel(GainAxis(record));
            gains.ShowLegend(Edge.Right);
        }

        multiplot.SavePng(path, Width + 200, scored ? 2 * Height : Height);
    }

    /// <summary>
    /// A run with queues (LyDROO), as the authors plot it: the mean data queue and energy queue per device against the
    /// frames, and the mean energy per device and frame with the budget, each a rolling mean.
    /// </summary>
    public static void Queues(string queuesPath, string energyPath, RunRecord record, int window, double budget)
    {
        var steps = record.Steps.Where(s => s.Queues is not null).ToArray();
        double[] xs = [.. steps.Select(s => (double)s.Slot)];
        // Mbit and the unitless energy queue on an axis each.
        var queues = new Plot();
        var data = queues.Add.ScatterLine(xs, Rolling.Mean([.. steps.Select(s => s.Queues!.DataQueue)], window));
        data.LegendText = "data queue (Mbit, left axis)";
        data.Color = Colors.SteelBlue;
        data.LineWidth = 2;
        var virtualQueue = queues.Add.ScatterLine(xs, Rolling.Mean([.. steps.Select(s => s.Queues!.EnergyQueue)], window));
        virtualQueue.LegendText = "energy queue (virtual, right axis)";
        virtualQueue.Color = Colors.DarkOrange;
        virtualQueue.LineWidth = 2;
        virtualQueue.Axes.YAxis = queues.Axes.Right;
        queues.Title($"Average queues per device, rolling mean over {window} frames");
        queues.XLabel("time frame");
        queues.Axes.Left.Label.Text = "data queue (Mbit)";
        queues.Axes.Right.Label.Text = "energy queue (unitless)";
        queues.ShowLegend(Alignment.UpperLeft);
        queues.SavePng(queuesPath, Width, Height);

        var energy = new Plot();
        var spent = energy.Add.ScatterLine(xs, Rolling.Mean([.. steps.Select(s => s.Queues!.Energy)], window));
        spent.LegendText = "energy per frame";
        spent.Color = Colors.SteelBlue;
        spent.LineWidth = 2;
        var limit = energy.Add.HorizontalLine(budget);
        limit.Color = Colors.Black.WithAlpha(0.6);
        limit.LinePattern = LinePattern.Dashed;
        limit.LegendText = $"budget ({budget} J)";
        energy.Title($"Average energy per device and frame, rolling mean over {window} frames");
        energy.XLabel("time frame");
        energy.YLabel("energy (J)");
        energy.ShowLegend(Alignment.LowerRight);
        energy.SavePng(energyPath, Width, Height);
    }

    /// <summary>The gain ratio's axis, oriented as <see cref="Ddlo.Core.Systems.ObjectiveExtensions.GainRatio"/> computes it: Q* / Q for a cost, Q / Q* for a rate.</summary>
    private static string GainAxis(RunRecord record) =>
        record.Objective == Ddlo.Core.Systems.Objective.Minimise ? "gain ratio Q* / Q" : "gain ratio Q / Q*";

    /// <summary>Training loss of every DNN against the step that triggered the round.</summary>
    public static void Loss(string path, RunRecord record)
    {
        var plot = new Plot();
        foreach (var group in record.Losses.GroupBy(l => l.Dnn).OrderBy(g => g.Key))
        {
            var line = plot.Add.ScatterLine(group.Select(l => (double)l.AfterSlot).ToArray(), group.Select(l => l.Loss).ToArray());
            line.LegendText = $"DNN {group.Key}";
            line.LineWidth = 1.5f;
        }

        plot.Title(record.Losses.IsEmpty ? "Training loss: no training round ran" : "Training loss per DNN (binary cross-entropy)");
        plot.XLabel("learning step");
        plot.YLabel("loss");
        if (!record.Losses.IsEmpty)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        plot.SavePng(path, Width, Height);
    }
}
