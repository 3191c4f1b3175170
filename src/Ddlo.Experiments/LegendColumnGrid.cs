using ScottPlot;

namespace Ddlo.Experiments;

/// <summary>
/// A grid of panels whose last column is wider by the legend beside it, so that every panel's data area has the same
/// width (an even grid would squeeze the panels that carry the legend).
/// </summary>
internal sealed class LegendColumnGrid(int rows, int columns, double legendShare) : IMultiplotLayout
{
    public PixelRect[] GetSubplotRectangles(SubplotCollection subplots, PixelRect figureRect)
    {
        ArgumentNullException.ThrowIfNull(subplots);
        float legend = (float)(figureRect.Width * legendShare);
        float column = (figureRect.Width - legend) / columns;
        float row = figureRect.Height / rows;
        return [.. Enumerable.Range(0, subplots.Count).Select(i =>
        {
            int r = i / columns, c = i % columns;
            float left = figureRect.Left + (c * column);
            float right = left + column + (c == columns - 1 ? legend : 0);
            float top = figureRect.Top + (r * row);
            return new PixelRect(left, right, top + row, top);
        })];
    }
}
