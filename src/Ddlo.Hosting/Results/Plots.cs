using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Systems;
using Ddlo.Core.Systems;
using ScottPlot;

namespace Ddlo.Hosting.Results;

/// <summary>
/// The figures of a run (ScottPlot), saved as <see cref="FigureSettings"/> ask (<see cref="Figures"/>); legends sit beside
/// the data, never over it.
/// </summary>
internal static class Plots
{
    /// <summary>The width a legend beside the data takes, in panels.</summary>
    private const double Legend = 0.25;

    /// <summary>Rolling mean of the gain ratio with its min–max band over the same window.</summary>
    public static void Convergence(string path, RunRecord record, int window, SystemWords words, FigureSettings figures)
    {
        var plot = new Plot();
        var scored = record.Steps.Where(s => !double.IsNaN(s.GainRatio)).ToArray();
        if (scored.Length == 0)
        {
            plot.Title("Convergence: not scored (score-against-optimum = off)");
            Figures.Save(path, plot, figures);
            return;
        }

        double[] xs = [.. scored.Select(s => (double)s.Slot)];
        window = Math.Min(window, scored.Length);
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

        // A baseline or plug-in run has no learner and no K: its own name, against the same optimum.
        Figures.Title(plot, record.Policy == "ddlo"
            ? $"{words.Learner} convergence, K = {record.DnnCount} (Q* from {record.OptimumSource})"
            : $"{record.Policy} against the optimum (Q* from {record.OptimumSource})", figures);
        plot.XLabel(words.SlotAxis);
        plot.YLabel(GainAxis(record));
        plot.Axes.SetLimitsY(Math.Max(0, mins.Min() - 0.02), 1.01);
        plot.ShowLegend(Edge.Right);
        Figures.Save(path, plot, figures, 1 + Legend);
    }

    /// <summary>
    /// Above, the rolling mean value of the deciding policy, the optimum, local-only and edge-only over the steps; below,
    /// when scored, each one's gain ratio against the optimum, where a gap the value's scale squeezes into a few pixels
    /// (local-only's cost is far above the rest) can be read.
    /// </summary>
    public static void Policies(string path, RunRecord record, int window, SystemWords words, FigureSettings figures)
    {
        double[] xs = record.Steps.Select(s => (double)s.Slot).ToArray();
        window = Math.Max(1, Math.Min(window, record.Steps.Length));
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
        Figures.Title(values, $"Value per slot, rolling mean over {window} steps ({(cost ? "lower" : "higher")} is better)", figures);
        values.XLabel(words.SlotAxis);
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

            // The optimum's entry gives both panels the same legend, so their data areas line up.
            var optimum = gains.Add.HorizontalLine(1.0);
            optimum.Color = Colors.Black;
            optimum.LinePattern = LinePattern.Dashed;
            optimum.LegendText = $"optimum ({record.OptimumSource})";
            Figures.Title(gains, $"Against the optimum ({record.OptimumSource}), rolling mean over {window} steps (1 is optimal)", figures);
            gains.XLabel(words.SlotAxis);
            gains.YLabel(GainAxis(record));
            gains.ShowLegend(Edge.Right);
        }

        Figures.Save(path, multiplot, figures, 1 + Legend, scored ? 2 : 1);
    }

    /// <summary>
    /// A run with queues (LyDROO), as the authors plot it: the mean data queue and energy queue per device against the
    /// frames, and the mean energy per device and frame with the budget, each a rolling mean.
    /// </summary>
    public static void Queues(string queuesPath, string energyPath, RunRecord record, int window, double budget, FigureSettings figures)
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
        Figures.Title(queues, $"Average queues per device, rolling mean over {window} frames", figures);
        queues.XLabel("time frame");
        queues.Axes.Left.Label.Text = "data queue (Mbit)";
        queues.Axes.Right.Label.Text = "energy queue (unitless)";
        queues.ShowLegend(Edge.Bottom);
        Figures.Save(queuesPath, queues, figures, 1, 1.1);

        var energy = new Plot();
        var spent = energy.Add.ScatterLine(xs, Rolling.Mean([.. steps.Select(s => s.Queues!.Energy)], window));
        spent.LegendText = "energy per frame";
        spent.Color = Colors.SteelBlue;
        spent.LineWidth = 2;
        var limit = energy.Add.HorizontalLine(budget);
        limit.Color = Colors.Black.WithAlpha(0.6);
        limit.LinePattern = LinePattern.Dashed;
        limit.LegendText = $"budget ({budget} J)";
        Figures.Title(energy, $"Average energy per device and frame, rolling mean over {window} frames", figures);
        energy.XLabel("time frame");
        energy.YLabel("energy (J)");
        energy.ShowLegend(Edge.Right);
        Figures.Save(energyPath, energy, figures, 1 + Legend);
    }

    /// <summary>The gain ratio's axis, oriented as <see cref="Ddlo.Core.Systems.ObjectiveExtensions.GainRatio"/> computes it: Q* / Q for a cost, Q / Q* for a rate.</summary>
    private static string GainAxis(RunRecord record) =>
        record.Objective == Ddlo.Core.Systems.Objective.Minimise ? "gain ratio Q* / Q" : "gain ratio Q / Q*";

    /// <summary>Training loss of every DNN against the step that triggered the round.</summary>
    public static void Loss(string path, RunRecord record, SystemWords words, FigureSettings figures)
    {
        var plot = new Plot();
        foreach (var group in record.Losses.GroupBy(l => l.Dnn).OrderBy(g => g.Key))
        {
            var line = plot.Add.ScatterLine(group.Select(l => (double)l.AfterSlot).ToArray(), group.Select(l => l.Loss).ToArray());
            line.LegendText = $"DNN {group.Key}";
            line.LineWidth = 1.5f;
        }

        Figures.Title(plot, record.Losses.IsEmpty
            ? record.Policy == "ddlo" ? "Training loss: no training round ran" : $"Training loss: none, {record.Policy} does not train networks"
            : "Training loss per DNN (binary cross-entropy)", figures);
        if (record.Losses.IsEmpty)
        {
            // Empty axes would run from -10 to 10: a negative loss and negative steps.
            plot.Axes.SetLimits(0, Math.Max(1, record.Steps.Length), 0, 1);
        }
        plot.XLabel(words.SlotAxis);
        plot.YLabel("loss");
        if (!record.Losses.IsEmpty)
        {
            plot.ShowLegend(Edge.Right);
        }

        Figures.Save(path, plot, figures, record.Losses.IsEmpty ? 1 : 1 + Legend);
    }
}
