using Ddlo.Actors.Recording;
using ScottPlot;

namespace Ddlo.Cli.Output;

/// <summary>The PNG figures of a run (ScottPlot).</summary>
internal static class Plots
{
    private const int Width = 1000;
    private const int Height = 560;

    /// <summary>Rolling mean of the gain ratio with its min–max band over the same window.</summary>
    public static void Convergence(string path, RunRecord record, int window)
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
        var (means, mins, maxs) = Output.Rolling.MeanAndRange([.. scored.Select(s => s.GainRatio)], window);
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

        plot.Title($"DDLO convergence, K = {record.DnnCount} (Q* from {record.OptimumSource})");
        plot.XLabel("learning step");
        plot.YLabel("gain ratio Q* / Q");
        plot.Axes.SetLimitsY(Math.Max(0, mins.Min() - 0.02), 1.01);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Rolling mean utility of the deciding policy, the optimum, local-only and edge-only over the steps.</summary>
    public static void Policies(string path, RunRecord record, int window)
    {
        var plot = new Plot();
        double[] xs = record.Steps.Select(s => (double)s.Slot).ToArray();
        var series = new List<(string Name, Func<StepRecord, double> Q, Color Color)>
        {
            (record.Policy, s => s.Q, Colors.SteelBlue),
            ("local-only", s => s.LocalQ, Colors.Gray),
            ("edge-only", s => s.EdgeQ, Colors.DarkOrange),
        };
        if (record.Steps.Any(s => !double.IsNaN(s.OptimalQ)))
        {
            series.Add(($"optimum ({record.OptimumSource})", s => s.OptimalQ, Colors.Black));
        }

        foreach (var (name, q, color) in series)
        {
            var means = Output.Rolling.Mean([.. record.Steps.Select(q)], window);
            var line = plot.Add.ScatterLine(xs, means);
            line.LegendText = name;
            line.Color = color;
            line.LineWidth = 2;
        }

        plot.Title($"System utility per slot, rolling mean over {window} steps (lower is better)");
        plot.XLabel("learning step");
        plot.YLabel("Q (J)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height);
    }

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
