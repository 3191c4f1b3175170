using Ddlo.Actors.Configuration;
using ScottPlot;
using SkiaSharp;

namespace Ddlo.Hosting.Results;

/// <summary>
/// Saves a run's or an experiment's figure as <see cref="FigureSettings"/> ask: a PNG, and an SVG beside it, each written
/// atomically (<see cref="ResultsWriter.WriteAtomically"/>), sized from the settings' panel.
/// </summary>
public static class Figures
{
    /// <summary>
    /// Saves <paramref name="plot"/> to <paramref name="png"/> (and its SVG), <paramref name="widthScale"/> and
    /// <paramref name="heightScale"/> panels of the settings' size (a legend beside the data adds a fraction of a panel).
    /// </summary>
    public static void Save(string png, Plot plot, FigureSettings settings, double widthScale = 1, double heightScale = 1)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var (width, height) = Size(settings, widthScale, heightScale);
        ResultsWriter.WriteAtomically(png, path => plot.SavePng(path, width, height));
        if (settings.Svg)
        {
            ResultsWriter.WriteAtomically(Path.ChangeExtension(png, ".svg"), path => plot.SaveSvg(path, width, height));
        }
    }

    /// <summary>Saves a figure of several panels, as <see cref="Save(string, Plot, FigureSettings, double, double)"/> does one.</summary>
    public static void Save(string png, Multiplot multiplot, FigureSettings settings, double widthScale, double heightScale)
    {
        ArgumentNullException.ThrowIfNull(multiplot);
        var (width, height) = Size(settings, widthScale, heightScale);
        ResultsWriter.WriteAtomically(png, path =>
        {
            // Skia gives no surface for a page it cannot hold (a grid of panels at the largest panel size).
            using var surface = SKSurface.Create(new SKImageInfo(width, height))
                ?? throw new IOException($"the figure is too large to draw ({width} x {height} pixels); lower the figures' width and height");
            Render(multiplot, surface.Canvas, width, height);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        });
        if (settings.Svg)
        {
            ResultsWriter.WriteAtomically(Path.ChangeExtension(png, ".svg"), path =>
            {
                using var stream = File.Create(path);
                using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), stream))
                {
                    Render(multiplot, canvas, width, height);
                }
            });
        }
    }

    /// <summary>
    /// The panels on a white page. (ScottPlot's own multiplot render clears the page to transparent, which an SVG
    /// writes as a black rectangle behind the panels, showing wherever a grid has an empty cell.)
    /// </summary>
    private static void Render(Multiplot multiplot, SKCanvas canvas, int width, int height)
    {
        using var white = new SKPaint { Color = SKColors.White };
        canvas.DrawRect(0, 0, width, height, white);
        var panels = multiplot.Layout.GetSubplotRectangles(multiplot.Subplots, new PixelRect(0, width, height, 0));
        for (int i = 0; i < panels.Length; i++)
        {
            var plot = multiplot.GetPlot(i);
            plot.RenderManager.ClearCanvasBeforeEachRender = false;
            plot.Render(canvas, panels[i]);
        }
    }

    /// <summary>Titles <paramref name="plot"/> unless the settings leave titles out (a paper's caption says it).</summary>
    public static void Title(Plot plot, string title, FigureSettings settings, float? size = null)
    {
        ArgumentNullException.ThrowIfNull(plot);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Titles)
        {
            plot.Title(title, size);
        }
    }

    private static (int Width, int Height) Size(FigureSettings settings, double widthScale, double heightScale)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ((int)Math.Round(settings.Width * widthScale), (int)Math.Round(settings.Height * heightScale));
    }
}
