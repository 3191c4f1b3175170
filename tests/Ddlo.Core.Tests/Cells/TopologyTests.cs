using System.Collections.Immutable;
using Ddlo.Core.Cells;
using Ddlo.Core.Mobility;

namespace Ddlo.Core.Tests.Cells;

public sealed class TopologyTests
{
    [Fact]
    public void Should_lay_a_grid_out_in_rows_centred_on_the_origin()
    {
        // 5 cells: rows of ceil(sqrt(5)) = 3, two rows, 100 m apart.
        var grid = Topology.Layout(TopologyLayout.Grid, 5, 100);

        Assert.Equal(
            [new Position(-100, -50), new Position(0, -50), new Position(100, -50), new Position(-100, 50), new Position(0, 50)],
            grid.ToArray());
    }

    [Fact]
    public void Should_lay_a_hexagonal_ring_around_the_centre_cell_each_neighbour_one_spacing_away()
    {
        var hex = Topology.Layout(TopologyLayout.Hex, 7, 200);

        Assert.Equal(new Position(0, 0), hex[0]);
        // The first ring: six cells 200 m from the centre and 200 m from each next one, the first due east.
        Assert.Equal(200, hex[1].X, 9);
        Assert.Equal(0, hex[1].Y, 9);
        for (int i = 1; i < 7; i++)
        {
            Assert.Equal(200, hex[i].Distance, 9);
            Assert.Equal(200, hex[i].DistanceTo(hex[(i % 6) + 1]), 9);
        }

        // The second ring starts 400 m east; every cell of 19 keeps at least a spacing from every other.
        var two = Topology.Layout(TopologyLayout.Hex, 19, 200);
        Assert.Equal(400, two[7].X, 9);
        for (int i = 0; i < two.Length; i++)
        {
            for (int j = i + 1; j < two.Length; j++)
            {
                Assert.True(two[i].DistanceTo(two[j]) >= 200 - 1e-9, $"cells {i} and {j} are {two[i].DistanceTo(two[j])} m apart");
            }
        }
    }

    [Fact]
    public void Should_serve_a_device_from_the_nearest_cell_that_covers_it_and_from_none_beyond_every_radius()
    {
        var topology = TwoCells(AssociationRule.Nearest);

        Assert.Equal(0, topology.Serve(new Position(-10, 0), Topology.NoCell));
        Assert.Equal(1, topology.Serve(new Position(10, 0), Topology.NoCell));
        // Nearest ignores where the device was.
        Assert.Equal(1, topology.Serve(new Position(10, 0), current: 0));
        // At x = -230 cell 0 is 130 m away, beyond its 120 m, and cell 1 farther still.
        Assert.Equal(Topology.NoCell, topology.Serve(new Position(-230, 0), Topology.NoCell));
        Assert.Equal(Topology.NoCell, topology.Serve(new Position(0, 500), current: 1));
    }

    [Fact]
    public void Should_keep_the_current_cell_until_another_is_stronger_by_the_hysteresis()
    {
        // Cells at x = -100 and +100, path loss exponent 3, 3 dB of hysteresis: cell 1 is 3 dB stronger where
        // (d0 / d1)^3 = 10^0.3, i.e. d0 / d1 = 10^0.1 = 1.2589; with d0 + d1 = 200, d1 = 88.54 m, x = 11.46 m.
        var topology = TwoCells(AssociationRule.Strongest);
        double threshold = 100 - (200 / (1 + Math.Pow(10, 0.1)));
        Assert.Equal(11.46, threshold, 2);

        // First slot: the strongest, whatever the margin.
        Assert.Equal(1, topology.Serve(new Position(1, 0), Topology.NoCell));
        // Served by cell 0, it stays past the midpoint until cell 1 is 3 dB stronger, then hands over.
        Assert.Equal(0, topology.Serve(new Position(5, 0), current: 0));
        Assert.Equal(0, topology.Serve(new Position(threshold - 0.01, 0), current: 0));
        Assert.Equal(1, topology.Serve(new Position(threshold + 0.01, 0), current: 0));
        // And back: cell 1 keeps it until x < -11.46.
        Assert.Equal(1, topology.Serve(new Position(-threshold + 0.01, 0), current: 1));
        Assert.Equal(0, topology.Serve(new Position(-threshold - 0.01, 0), current: 1));
        // A current cell that no longer covers the device is left whatever the margin.
        Assert.Equal(1, topology.Serve(new Position(200, 0), current: 0));
    }

    [Fact]
    public void Should_weigh_a_cells_gain_in_the_strongest_rule()
    {
        // Cell 1 has 9 dB more gain: at the midpoint it is 9 dB stronger, so a new device takes it.
        var cells = ImmutableArray.Create(
            new CellSite(0, new Position(-100, 0), 300, 100, 1e10),
            new CellSite(1, new Position(100, 0), 300, 100, 1e10, GainDb: 9));
        var topology = new Topology(cells, AssociationRule.Strongest, HysteresisDb: 3);

        Assert.Equal(1, topology.Serve(new Position(-20, 0), Topology.NoCell));
        Assert.Equal(0, new Topology(cells, AssociationRule.Nearest).Serve(new Position(-20, 0), Topology.NoCell));
    }

    [Fact]
    public void Should_measure_the_share_of_the_map_its_cells_cover()
    {
        // One cell of radius 100 at the centre of a 200 m square: pi / 4 of it.
        var one = new Topology([new CellSite(0, new Position(0, 0), 100, 100, 1e10)], AssociationRule.Nearest);

        Assert.Equal(Math.PI / 4, one.Coverage(100), 2);
        Assert.Equal(1, one.Coverage(70), 9);
    }

    [Fact]
    public void Should_refuse_a_cell_outside_the_map_naming_the_cell_and_the_key()
    {
        var topology = new Topology([new CellSite(0, new Position(0, 0), 100, 100, 1e10), new CellSite(1, new Position(450, 0), 100, 100, 1e10)], AssociationRule.Nearest);

        var error = Assert.Throws<ArgumentException>(() => topology.Validate(400));

        Assert.Contains("cell 1's edge server at (450, 0) m lies outside the map", error.Message, StringComparison.Ordinal);
        Assert.Contains("ddlo.mobility.half-side-m", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_two_cells_at_one_place()
    {
        var topology = new Topology([new CellSite(0, new Position(5, 5), 100, 100, 1e10), new CellSite(1, new Position(5, 5), 200, 100, 1e10)], AssociationRule.Nearest);

        var error = Assert.Throws<ArgumentException>(() => topology.Validate(400));

        Assert.Contains("cells 0 and 1 stand at the same place", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN, 100, "radius-m")]
    [InlineData(-5, 100, "radius-m")]
    [InlineData(100, 0, "uplink-mbps")]
    [InlineData(100, double.PositiveInfinity, "uplink-mbps")]
    public void Should_refuse_a_cell_value_out_of_range_naming_it(double radius, double uplink, string key)
    {
        var topology = new Topology([new CellSite(0, new Position(0, 0), radius, uplink, 1e10)], AssociationRule.Nearest);

        var error = Assert.Throws<ArgumentException>(() => topology.Validate(400));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Cell 0 at (-100, 0) covering 120 m, cell 1 at (100, 0) covering 150 m.</summary>
    private static Topology TwoCells(AssociationRule rule) => new(
        [new CellSite(0, new Position(-100, 0), 120, 100, 1e10), new CellSite(1, new Position(100, 0), 150, 100, 1e10)],
        rule,
        HysteresisDb: 3,
        PathLossExponent: 3);
}
