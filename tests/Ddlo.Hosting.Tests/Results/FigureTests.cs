using System.Buffers.Binary;
using System.Xml.Linq;
using Ddlo.Actors.Configuration;
using Ddlo.Hosting.Results;

namespace Ddlo.Hosting.Tests.Results;

/// <summary>A run's figures as <c>ddlo.results.figures</c> asks: PNG and SVG, their size, their titles.</summary>
public sealed class FigureTests : IDisposable
{
    private static readonly string[] Figures = [ResultsLayout.ConvergencePlot, ResultsLayout.LossPlot, ResultsLayout.PoliciesPlot];

    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-figures-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Should_write_an_svg_of_the_same_size_beside_each_png_by_default()
    {
        ResultsWriter.Write(directory, TestRecords.Run(), new { }, Scenario.Default);

        foreach (string figure in Figures)
        {
            var (width, height) = PngSize(Path.Combine(directory, figure));
            var svg = XDocument.Load(Path.ChangeExtension(Path.Combine(directory, figure), ".svg")).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            Assert.Equal((width, height), ((int?)svg.Attribute("width"), (int?)svg.Attribute("height")));
        }

        // Of the default 1000 x 560 panel: convergence with its legend beside the data, policies in two such rows.
        Assert.Equal((1250, 560), PngSize(Path.Combine(directory, ResultsLayout.ConvergencePlot)));
        Assert.Equal((1250, 1120), PngSize(Path.Combine(directory, ResultsLayout.PoliciesPlot)));
    }

    [Fact]
    public void Should_paint_the_page_of_a_figure_of_several_panels_white_in_its_svg()
    {
        ResultsWriter.Write(directory, TestRecords.Run(), new { }, Scenario.Default);

        // ScottPlot clears a multiplot's page to transparent, which an SVG writes as an unfilled, so black, rectangle.
        var svg = XDocument.Load(Path.Combine(directory, "policies.svg")).Root!;
        var page = svg.Elements().First(e => e.Name.LocalName == "rect");
        Assert.Equal("white", (string?)page.Attribute("fill"));
    }

    [Fact]
    public void Should_size_the_figures_from_the_settings_and_leave_out_titles_and_svg_when_asked()
    {
        var scenario = Scenario.Load(null, ["ddlo.results.figures.width=600", "ddlo.results.figures.height=300", "ddlo.results.figures.svg=off"]);

        ResultsWriter.Write(directory, TestRecords.Run(), new { }, scenario);

        Assert.Equal((750, 300), PngSize(Path.Combine(directory, ResultsLayout.ConvergencePlot)));
        Assert.Equal((750, 600), PngSize(Path.Combine(directory, ResultsLayout.PoliciesPlot)));
        Assert.Empty(Directory.GetFiles(directory, "*.svg"));
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("off", false)]
    public void Should_title_the_figures_unless_titles_are_off(string titles, bool titled)
    {
        var scenario = Scenario.Load(null, [$"ddlo.results.figures.titles={titles}"]);

        ResultsWriter.Write(directory, TestRecords.Run(), new { }, scenario);

        string svg = File.ReadAllText(Path.Combine(directory, "convergence.svg"));
        Assert.Equal(titled, svg.Contains("DDLO convergence, K = 2", StringComparison.Ordinal));
        Assert.Contains("gain ratio Q* / Q", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_a_baseline_run_by_its_policy_with_no_learner_and_no_loss()
    {
        var record = TestRecords.Run() with { Policy = "edge", Losses = [] };

        ResultsWriter.Write(directory, record, new { }, Scenario.Default);

        string convergence = File.ReadAllText(Path.Combine(directory, "convergence.svg"));
        Assert.Contains("edge against the optimum (Q* from exhaustive)", convergence, StringComparison.Ordinal);
        Assert.DoesNotContain("DDLO", convergence, StringComparison.Ordinal);
        Assert.Contains("edge does not train networks", File.ReadAllText(Path.Combine(directory, "loss.svg")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ddlo.results.figures.width=50", "ddlo.results.figures.width: expected a whole number in [200, 8000]")]
    [InlineData("ddlo.results.figures.height=9000", "ddlo.results.figures.height: expected a whole number in [200, 8000]")]
    [InlineData("ddlo.results.figures.svg=yes", "ddlo.results.figures.svg: expected one of on | off")]
    [InlineData("ddlo.results.figures.format=pdf", "ddlo.results.figures.format")]
    [InlineData("ddlo.results.figures.titles=[on, off]", "ddlo.results.figures.titles: expected a single value, got a list.")]
    [InlineData("ddlo.results.figures.svg=", "ddlo.results.figures.svg: expected a single value, got an empty value.")]
    public void Should_refuse_figure_settings_it_cannot_draw_naming_the_key(string setting, string problem)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [setting]));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Width and height from a PNG's IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] header = File.ReadAllBytes(path)[..24];
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, header[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }
}
