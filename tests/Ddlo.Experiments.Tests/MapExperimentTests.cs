using System.Globalization;

namespace Ddlo.Experiments.Tests;

/// <summary><c>kind = map</c>: a map of cells against the devices' top speed and the number of cells.</summary>
public sealed class MapExperimentTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-map-experiment-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_lay_out_each_cell_count_sweep_the_speed_and_report_every_policy_and_the_handovers()
    {
        File.WriteAllText(Path.Combine(directory, "city.conf"), """
            ddlo.system { devices = 8, tasks-per-device = 2, uplink-mbps = 300 }
            ddlo.topology { layout = grid, cells = 4, spacing-m = 200, radius-m = 150 }
            ddlo.channel.enabled = on
            ddlo.mobility { model = random-waypoint, min-speed-mps = 1, half-side-m = 200 }
            ddlo.learning { hidden-layers = [16], input-scale = 1, batch-size = 32, memory-size = 512, warmup = 64, dnn-count = 2, device-search-rounds = 3 }
            """);
        File.WriteAllText(Path.Combine(directory, "cells.conf"), """
            experiment {
              title = "Cells against speed"
              kind = map
              base-scenario = "city.conf"
              sweep { key = ddlo.mobility.max-speed-mps, values = [2, 40] }
              cells = [1, 4]
              devices-per-cell = 6
              repetitions = 1
              steps = 60
            }
            """);
        var suite = ExperimentFile.Load(Path.Combine(directory, "cells.conf"), quick: false);

        var result = Assert.Single(await new ExperimentRunner().RunAsync(suite, Path.Combine(directory, "out"), "cells.conf"));

        var lines = File.ReadAllLines(result.Csv);
        Assert.Equal(
            "cells,ddlo.mobility.max-speed-mps,seed,devices,gain_ddlo,gain_greedy,gain_edge,gain_local,handovers_per_device_slot,uncovered_share,priced_per_slot,worst_gap,device_slots_per_second",
            lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(4, rows.Count);
        double Column(string[] row, int index) => double.Parse(row[index], CultureInfo.InvariantCulture);
        foreach (var row in rows)
        {
            // Each count is laid out with its devices-per-cell; no policy beats the cells' optimum.
            Assert.Equal(row[0] == "1 cells" ? 6 : 24, int.Parse(row[3], CultureInfo.InvariantCulture));
            Assert.All(Enumerable.Range(4, 4), i => Assert.InRange(Column(row, i), 0.05, 1 + 1e-9));
        }

        var one = rows.Where(r => r[0] == "1 cells").ToList();
        var four = rows.Where(r => r[0] == "4 cells").ToList();
        // One cell has no one to hand over to, and prices its K = 2 proposals a slot; four cells at 40 m/s hand over.
        Assert.All(one, r => Assert.Equal(0, Column(r, 8)));
        Assert.All(one, r => Assert.Equal(2, Column(r, 10)));
        Assert.True(Column(four.Single(r => r[1] == "40"), 8) > 0, "four cells at 40 m/s saw no handover");
        Assert.True(Column(four.Single(r => r[1] == "40"), 8) > Column(four.Single(r => r[1] == "2"), 8), "faster devices handed over no more often");
        Assert.Contains("| cells | devices |", result.Table, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(directory, "out", "cells-handovers.png")), "no handovers figure");
    }
}
