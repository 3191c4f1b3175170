using System.Globalization;

namespace Ddlo.Cli.Tests.Experiments;

/// <summary>hocon/experiments/droo.conf in its quick profile: DROO's convergence on the authors' data and its time per frame against N.</summary>
public sealed class DrooExperimentTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-droo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_plot_both_designs_on_the_authors_data_and_time_droo_beside_the_searches_for_each_n()
    {
        var result = DdloProcess.Run("experiment", "--file", "hocon/experiments/droo.conf", "--quick", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string figure in new[] { "droo.png", "droo-time-per-frame.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, figure));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }

        var curves = File.ReadAllLines(Path.Combine(output, "droo.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(["K = 1", "adaptive K"], curves.Select(c => c[0].Trim('"')).Distinct().Order(StringComparer.Ordinal));
        var adaptive = curves.First(c => c[0].Trim('"') == "adaptive K");
        Assert.InRange(double.Parse(adaptive[4], CultureInfo.InvariantCulture), 0.98, 1.0 + 1e-6);

        var timed = File.ReadAllLines(Path.Combine(output, "droo-time-per-frame.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(["10", "20"], timed.Select(t => t[0]));
        foreach (var row in timed)
        {
            double droo = double.Parse(row[1], CultureInfo.InvariantCulture);
            double descent = double.Parse(row[5], CultureInfo.InvariantCulture);
            Assert.True(droo > 0 && descent > droo, $"N = {row[0]}: DROO {droo} µs against coordinate descent {descent} µs");
            Assert.Equal(row[0] == "10" ? "exhaustive" : "coordinate-descent", row[4].Trim('"'));
        }

        string report = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("| adaptive K |", report, StringComparison.Ordinal);
        Assert.Contains(result.Json.GetProperty("claims").EnumerateArray(), c => c.GetProperty("experiment").GetString() == "droo" && c.GetProperty("verdict").GetString() == "reproduced");
    }
}
