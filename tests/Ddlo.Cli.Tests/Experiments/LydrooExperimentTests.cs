using System.Globalization;

namespace Ddlo.Cli.Tests.Experiments;

/// <summary>hocon/experiments/lydroo.conf in its quick profile: the queues over time, V swept, arrival rates swept.</summary>
public sealed class LydrooExperimentTests : IDisposable
{
    private readonly string output = Path.Combine(Path.GetTempPath(), $"ddlo-lydroo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Should_measure_the_queues_of_every_policy_the_v_trade_off_and_where_arrivals_overwhelm_the_queues()
    {
        var result = DdloProcess.Run("experiment", "--file", "hocon/experiments/lydroo.conf", "--quick", "--out", output, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string figure in new[] { "lydroo.png", "lydroo-energy.png", "lydroo-v.png", "lydroo-arrivals.png" })
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, figure));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }

        var rows = File.ReadAllLines(Path.Combine(output, "lydroo.csv")).Skip(1).Select(line => line.Split(',')).ToList();
        string Cell(string[] row, int i) => row[i].Trim('"');
        double Number(string[] row, int i) => double.Parse(Cell(row, i), CultureInfo.InvariantCulture);
        Assert.Equal(["coordinate-descent", "ddlo", "edge", "local"], rows.Where(r => Cell(r, 0) == "compared").Select(r => Cell(r, 1)).Order(StringComparer.Ordinal));
        // The authors' three runs, read from the files the repository ships, over the same 1,500 frames.
        Assert.Equal(3, rows.Count(r => Cell(r, 0) == "authors' python" && Number(r, 5) == 1500));

        // Lyapunov's trade-off, on the critic's own search: at V = 80 the energy queue is longer than at V = 5, and the data queue shorter.
        var byV = rows.Where(r => Cell(r, 0) == "v-sweep" && Cell(r, 1) == "coordinate-descent").ToDictionary(r => Number(r, 3));
        Assert.True(Number(byV[80], 9) > Number(byV[5], 9), $"energy queue at V = 80: {Number(byV[80], 9)}, at V = 5: {Number(byV[5], 9)}");
        Assert.True(Number(byV[80], 6) < Number(byV[5], 6), $"data queue at V = 80: {Number(byV[80], 6)} Mbit, at V = 5: {Number(byV[5], 6)} Mbit");

        // 2 Mbit a frame is served and the queue bounded; 6 Mbit a frame is more than the devices can serve.
        Assert.Equal(4, rows.Count(r => Cell(r, 0) == "v-sweep"));
        var byRate = rows.Where(r => Cell(r, 0) == "arrival-sweep" && Cell(r, 1) == "ddlo").ToDictionary(r => Number(r, 4));
        Assert.Equal("1", Cell(byRate[2], 8));
        Assert.Equal("0", Cell(byRate[6], 8));
        Assert.True(Number(byRate[6], 11) < 6, "the service kept up with 6 Mbit a frame");

        var queues = File.ReadAllLines(Path.Combine(output, "lydroo-queues.csv"));
        Assert.Equal("policy,seed,frame,data_queue_mbit,energy_queue,energy_j", queues[0]);
        Assert.Contains("| LyDROO (ours) |", File.ReadAllText(Path.Combine(output, "report.md")), StringComparison.Ordinal);
        Assert.Contains(result.Json.GetProperty("claims").EnumerateArray(), c => c.GetProperty("experiment").GetString() == "lydroo");
    }
}
