using Ddlo.Actors.Configuration;
using Ddlo.Hosting.Results;
using ScottPlot;

namespace Ddlo.Experiments;

/// <summary>
/// An experiment's figure: one line per series with its band over the seeds, labelled axes with units, the legend
/// beside the data; saved as the plan's <see cref="ExperimentPlan.Figures"/> ask.
/// </summary>
internal static class ExperimentPlots
{
    /// <summary>The width a legend beside the data takes, in panels.</summary>
    private const double Legend = 0.3;

    private static readonly Color[] Palette =
        [Colors.SteelBlue, Colors.DarkOrange, Colors.ForestGreen, Colors.Crimson, Colors.MediumPurple, Colors.SaddleBrown, Colors.HotPink, Colors.Gray];

    public static void Lines(string path, FigureSettings figures, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool markers = false, bool logY = false, bool logX = false)
    {
        var plot = new Plot();
        Draw(plot, series, markers, logY, logX);
        Figures.Title(plot, title, figures);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        Figures.Save(path, plot, figures, 1 + Legend);
    }

    /// <summary>
    /// Above, the value of each series; below, each one's gain ratio against the optimum, where a gap that the value's
    /// scale squeezes into a few pixels (local-only's cost far above the rest) can be read.
    /// </summary>
    public static void LinesWithGain(string path, FigureSettings figures, string title, string xLabel, (string Label, IReadOnlyList<Series> Series) values, (string Label, IReadOnlyList<Series> Series) gains)
    {
        var multiplot = Rows(figures, title, xLabel, [values, gains]);
        var optimum = multiplot.GetPlot(1).Add.HorizontalLine(1.0);
        optimum.Color = Colors.Black.WithAlpha(0.5);
        optimum.LinePattern = LinePattern.Dashed;
        Figures.Save(path, multiplot, figures, 1 + Legend, 2);
    }

    /// <summary>A panel per measure, one above the other, sharing the x axis: measures in different units each get an axis of their own.</summary>
    public static void Rows(string path, FigureSettings figures, string title, string xLabel, IReadOnlyList<(string Label, IReadOnlyList<Series> Series)> rows) =>
        Figures.Save(path, Rows(figures, title, xLabel, rows), figures, 1 + Legend, rows.Count);

    private static Multiplot Rows(FigureSettings figures, string title, string xLabel, IReadOnlyList<(string Label, IReadOnlyList<Series> Series)> rows)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(rows.Count);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Rows();
        for (int i = 0; i < rows.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            Draw(plot, rows[i].Series, markers: true, logY: false, logX: false);
            plot.XLabel(xLabel);
            plot.YLabel(rows[i].Label);
            plot.ShowLegend(Edge.Right);
        }

        Figures.Title(multiplot.GetPlot(0), title, figures);
        return multiplot;
    }

    /// <summary>
    /// One panel per (title, series) side by side, sharing the x values <paramref name="xValues"/> (drawn at 0, 1, ...
    /// and labelled with themselves, so that words and lists sweep as well as numbers); the legend beside each row.
    /// A single panel is titled <paramref name="title"/>; several are titled by their own (the report carries the whole title).
    /// </summary>
    public static void Panels(string path, FigureSettings figures, string title, string xLabel, string yLabel, IReadOnlyList<string> xValues, IReadOnlyList<(string Title, IReadOnlyList<Series> Series)> panels)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(panels.Count);
        int columns = Math.Min(panels.Count, 3);
        int rows = (panels.Count + columns - 1) / columns;
        double width = (columns * 0.56) + Legend;
        multiplot.Layout = new LegendColumnGrid(rows, columns, Legend / width);
        for (int i = 0; i < panels.Count; i++)
        {
            var plot = multiplot.GetPlot(i);
            Draw(plot, panels[i].Series, markers: true, logY: false, logX: false);
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, xValues.Count).Select(x => (double)x)], [.. xValues]);
            plot.Axes.Margins(horizontal: 0.08);
            if (panels.Count == 1)
            {
                Figures.Title(plot, title, figures, size: 13);
            }
            else
            {
                // A panel's title says which grid point it is: part of the data, kept when the figure's title is not.
                plot.Title(panels[i].Title, size: 13);
            }

            plot.XLabel(xLabel);
            plot.YLabel(yLabel);
            if (i % columns == columns - 1)
            {
                plot.ShowLegend(Edge.Right);
            }
            else
            {
                plot.HideLegend();
            }
        }

        // One value scale for every panel, so that panels compare by eye.
        var limits = Enumerable.Range(0, panels.Count).Select(i => multiplot.GetPlot(i).Axes.GetDataLimits()).Where(l => l.Bottom <= l.Top).ToList();
        if (limits.Count > 0)
        {
            double low = limits.Min(l => l.Bottom), high = limits.Max(l => l.Top), margin = Math.Max((high - low) * 0.05, 1e-9);
            for (int i = 0; i < panels.Count; i++)
            {
                multiplot.GetPlot(i).Axes.SetLimitsY(low - margin, high + margin);
            }
        }

        Figures.Save(path, multiplot, figures, width, rows * 0.82);
    }

    /// <summary>Each series as a line (with its band where it has one) in its palette colour.</summary>
    private static void Draw(Plot plot, IReadOnlyList<Series> series, bool markers, bool logY, bool logX)
    {
        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var color = Palette[(s.Colour ?? i) % Palette.Length];
            double[] Transform(double[] ys) => logY ? Log(ys) : ys;
            double[] x = logX ? Log(s.X) : s.X;
            if (s.Low.Zip(s.High).Any(p => p.First != p.Second))
            {
                var band = plot.Add.FillY(x, Transform(s.Low), Transform(s.High));
                band.FillStyle.Color = color.WithAlpha(0.2);
                band.LineStyle.Width = 0;
            }

            var line = plot.Add.ScatterLine(x, Transform(s.Mean));
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = s.Name;
            if (markers)
            {
                line.MarkerSize = 7;
                line.MarkerShape = MarkerShape.FilledCircle;
            }
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = LogTicks();
        }

        // Ticks at the values measured, labelled with themselves: on a log axis (3, 10, 30, 100, ...), and where a few
        // points were measured (K = 1, 3, 5) rather than at fractions between them.
        double[] measured = [.. series.SelectMany(s => s.X).Distinct().Order()];
        string[] labels = [.. measured.Select(x => x.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))];
        if (logX)
        {
            plot.Axes.Bottom.SetTicks(Log(measured), labels);
        }
        else if (markers && measured.Length is > 0 and <= 12)
        {
            plot.Axes.Bottom.SetTicks(measured, labels);
        }
    }

    private static double[] Log(double[] values) => [.. values.Select(v => Math.Log10(Math.Max(v, 1e-12)))];

    /// <summary>Ticks for an axis plotted as log10 of its values, labelled with the values themselves.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        // Major ticks at the powers of ten (10, 100, 1,000), labelled in full; the minor ones between them.
        IntegerTicksOnly = true,
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = v => Math.Pow(10, v).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Two panels side by side (training, inference): one group of bars per platform, one bar per variant.</summary>
    public static void GroupedBars(string path, FigureSettings figures, string title, string[] groups, (string Name, double[] Values)[] left, (string Name, double[] Values)[] right)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Fill(multiplot.GetPlot(0), "training: ms per 1,000 steps (K DNNs, sequential loop)", left);
        Fill(multiplot.GetPlot(1), "inference: decision latency p50 (µs)", right);
        Figures.Title(multiplot.GetPlot(0), title, figures, size: 14);
        Figures.Save(path, multiplot, figures, 1.4, 1);

        void Fill(Plot plot, string yLabel, (string Name, double[] Values)[] series)
        {
            double width = 0.8 / Math.Max(1, series.Length);
            for (int s = 0; s < series.Length; s++)
            {
                var bars = plot.Add.Bars(
                    [.. Enumerable.Range(0, groups.Length).Select(g => g + (s - ((series.Length - 1) / 2.0)) * width)],
                    series[s].Values);
                bars.LegendText = series[s].Name;
                bars.Color = Palette[s % Palette.Length];
                foreach (var bar in bars.Bars)
                {
                    bar.Size = width * 0.95;
                }
            }

            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, groups.Length).Select(g => (double)g)], groups);
            plot.XLabel("platform (loopback cluster = processes on this machine)");
            plot.YLabel(yLabel);
            plot.Axes.Margins(bottom: 0);
            plot.ShowLegend(Edge.Right);
        }
    }
}
