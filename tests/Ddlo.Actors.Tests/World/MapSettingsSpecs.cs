using Ddlo.Actors.Configuration;
using Ddlo.Actors.Systems.Mumt;
using Ddlo.Actors.World;
using Ddlo.Core.Cells;

namespace Ddlo.Actors.Tests.World;

/// <summary><c>ddlo.topology</c> as a scenario writes it: its defaults, its layouts, and a one-line error naming the key for each bad value.</summary>
public sealed class MapSettingsSpecs
{
    private static readonly string[] Map = ["ddlo.topology.layout=grid", "ddlo.topology.cells=4", "ddlo.topology.spacing-m=200", "ddlo.mobility.half-side-m=300"];

    [Fact]
    public void Should_make_no_map_without_a_layout()
    {
        var settings = DdloSettings.Default;

        Assert.Null(settings.System.Settings<MumtSettings>().Topology);
        Assert.False(MapRunner.IsMap(settings));
    }

    [Fact]
    public void Should_give_every_cell_the_systems_uplink_and_clock_unless_the_topology_or_its_lists_say_otherwise()
    {
        var common = Scenario.Load(null, [.. Map, "ddlo.system.uplink-mbps=400"]).Settings;
        var own = Scenario.Load(null, [.. Map, "ddlo.topology.uplink-mbps=250", "ddlo.topology.edge-clocks-hz=[1e9, 2e9, 3e9, 4e9]", "ddlo.topology.radii-m=[100, 150, 200, 250]"]).Settings;

        var cells = common.System.Settings<MumtSettings>().Topology!.Cells;
        Assert.True(MapRunner.IsMap(common));
        Assert.All(cells, c => Assert.Equal((400.0, 10e9, 300.0), (c.UplinkMbps, c.EdgeClockHz, c.RadiusM)));
        var mine = own.System.Settings<MumtSettings>().Topology!.Cells;
        Assert.Equal([(250.0, 1e9, 100.0), (250.0, 2e9, 150.0), (250.0, 3e9, 200.0), (250.0, 4e9, 250.0)], mine.Select(c => (c.UplinkMbps, c.EdgeClockHz, c.RadiusM)).ToArray());
        // A map needs neither a channel nor moving devices: static devices placed over the map, the paper's rate.
        Assert.Null(common.System.Settings<MumtSettings>().Channel);
    }

    [Fact]
    public void Should_place_explicit_cells_where_listed()
    {
        var settings = Scenario.Load(null, ["ddlo.topology.layout=explicit", "ddlo.topology.x-m=[-100, 50]", "ddlo.topology.y-m=[0, 75]", "ddlo.topology.association=strongest", "ddlo.topology.hysteresis-db=5"]).Settings;

        var topology = settings.System.Settings<MumtSettings>().Topology!;
        Assert.Equal([new Ddlo.Core.Mobility.Position(-100, 0), new Ddlo.Core.Mobility.Position(50, 75)], topology.Cells.Select(c => c.Position).ToArray());
        Assert.Equal((AssociationRule.Strongest, 5.0), (topology.Rule, topology.HysteresisDb));
    }

    [Theory]
    [InlineData("ddlo.topology.layout=ring", "ddlo.topology.layout")]
    [InlineData("ddlo.topology.cells=0", "ddlo.topology.cells")]
    [InlineData("ddlo.topology.cells=NaN", "ddlo.topology.cells")]
    [InlineData("ddlo.topology.spacing-m=-5", "ddlo.topology.spacing-m")]
    [InlineData("ddlo.topology.radius-m=NaN", "ddlo.topology.radius-m")]
    [InlineData("ddlo.topology.radius-m=0", "ddlo.topology.radius-m")]
    [InlineData("ddlo.topology.uplink-mbps=-1", "ddlo.topology.uplink-mbps")]
    [InlineData("ddlo.topology.edge-clock-hz=-1", "ddlo.topology.edge-clock-hz")]
    [InlineData("ddlo.topology.gain-db=-500", "ddlo.topology.gain-db")]
    [InlineData("ddlo.topology.radii-m=[100, 200]", "ddlo.topology.radii-m")]
    [InlineData("ddlo.topology.uplinks-mbps=[1, 2, 3, NaN]", "ddlo.topology.uplinks-mbps")]
    [InlineData("ddlo.topology.edge-clocks-hz=[1e9]", "ddlo.topology.edge-clocks-hz")]
    [InlineData("ddlo.topology.gains-db=[0, 0, 0, 0, 0]", "ddlo.topology.gains-db")]
    [InlineData("ddlo.topology.association=loudest", "ddlo.topology.association")]
    [InlineData("ddlo.topology.hysteresis-db=-3", "ddlo.topology.hysteresis-db")]
    [InlineData("ddlo.topology.learners=each", "ddlo.topology.learners")]
    [InlineData("ddlo.topology.learner-copies=5", "ddlo.topology.learner-copies: 5 copies of the learner for 4 cells: a copy serves at least one cell; at most 4.")]
    [InlineData("ddlo.topology.learner-copies=0", "ddlo.topology.learner-copies: expected a whole number in [1, ")]
    [InlineData("ddlo.topology.averaging-rounds=0", "ddlo.topology.averaging-rounds: expected a whole number in [1, 1000000], got '0'.")]
    [InlineData("ddlo.topology.spacing-m=700", "ddlo.topology.spacing-m: cell 0's edge server at (-350, -350) m lies outside the map")]
    [InlineData("ddlo.topology.hysteresis-db=200", "ddlo.topology.hysteresis-db: must be a margin in [0, 100] dB, got 200.")]
    [InlineData("ddlo.topology.radius-m=1e7", "ddlo.topology.radius-m: cell 0: must be a distance in (0, 1e6] m, got 10000000.")]
    [InlineData("ddlo.topology.radii-m=[100, 100, 100, 1e7]", "ddlo.topology.radii-m: cell 3: must be a distance in (0, 1e6] m, got 10000000.")]
    [InlineData("ddlo.topology.uplinks-mbps=[1, 2, 3, 0]", "ddlo.topology.uplinks-mbps: cell 3: must be a rate in (0, 1e9] Mbit/s, got 0.")]
    [InlineData("ddlo.topology.x-m=[0, 100]", "ddlo.topology.x-m: x-m and y-m place the cells of an explicit layout, but layout = grid places its own")]
    [InlineData("ddlo.topology.x-m=5", "ddlo.topology.x-m: expected a list of finite numbers such as [1, 1.5], got '5'.")]
    [InlineData("ddlo.results.decisions=on", "ddlo.results.decisions: a map of cells writes no decisions.csv")]
    [InlineData("ddlo.run.policy=edge", "ddlo.run.policy")]
    [InlineData("ddlo.run.score-against-optimum=exhaustive", "ddlo.run.score-against-optimum")]
    public void Should_refuse_a_bad_value_in_one_line_naming_it(string bad, string named)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [.. Map, bad]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("ddlo.topology.x-m=[0, 100]", "ddlo.topology.y-m", "got 2 x and 0 y")]
    [InlineData("ddlo.topology.y-m=[0]", "ddlo.topology.x-m", "got 0 x and 1 y")]
    public void Should_refuse_an_explicit_layout_whose_positions_do_not_pair_up(string positions, string named, string count)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.topology.layout=explicit", positions]));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(count, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_cell_count_that_disagrees_with_an_explicit_layout_beside_it()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.topology.layout=explicit", "ddlo.topology.x-m=[0, 100]", "ddlo.topology.y-m=[0, 0]", "ddlo.topology.cells=3"]));

        Assert.Contains("ddlo.topology.cells: an explicit layout has a cell per x-m and y-m (2), but cells = 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_lay_out_an_explicit_layout_set_over_a_files_grid_by_its_positions()
    {
        // A scenario's grid of nine cells, made explicit from the command line: its cell count was the grid's, not a claim about the positions.
        const string grid = "ddlo.topology { layout = grid, cells = 9, spacing-m = 100 }\nddlo.mobility.half-side-m = 300\n";

        var settings = Scenario.FromText(grid, "grid.conf", [ScenarioOverride.Set("ddlo.topology.layout=explicit"), ScenarioOverride.Set("ddlo.topology.x-m=[0, 100]"), ScenarioOverride.Set("ddlo.topology.y-m=[0, 0]")]).Settings;

        Assert.Equal(2, ((MumtSettings)settings.System.Configured).Topology!.Count);
    }

    [Fact]
    public void Should_warn_when_the_cells_cover_less_than_half_the_map_and_not_otherwise()
    {
        // Four cells 200 m apart on a map of half-side 300 m: radius 20 m covers about 1.4 % of it, radius 300 m all of it.
        var sparse = Scenario.Load(null, [.. Map, "ddlo.topology.radius-m=20"]).Settings;
        var dense = Scenario.Load(null, [.. Map, "ddlo.topology.radius-m=300"]).Settings;

        string? warning = MapRunner.CoverageWarning(sparse);

        Assert.NotNull(warning);
        Assert.Contains("the 4 cells cover 1.4 % of the map", warning, StringComparison.Ordinal);
        Assert.Contains("counted as uncovered", warning, StringComparison.Ordinal);
        Assert.Null(MapRunner.CoverageWarning(dense));
        Assert.Null(MapRunner.CoverageWarning(Scenario.Load(null, Array.Empty<string>()).Settings));
    }

    [Fact]
    public void Should_refuse_copies_of_the_shared_learner_beside_a_learner_per_cell()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [.. Map, "ddlo.topology.learners=per-cell", "ddlo.topology.learner-copies=2"]));

        Assert.Contains("ddlo.topology.learner-copies: copies of the shared learner (2) and a learner per cell (learners = per-cell) exclude each other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_two_cells_at_one_place()
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, ["ddlo.topology.layout=explicit", "ddlo.topology.x-m=[10, 10]", "ddlo.topology.y-m=[20, 20]"]));

        Assert.Contains("cells 0 and 1 stand at the same place (10, 20) m", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wpmec")]
    [InlineData("lydroo")]
    public void Should_refuse_a_map_for_the_models_that_have_none_yet(string model)
    {
        var error = Assert.Throws<ScenarioException>(() => Scenario.Load(null, [$"ddlo.system.model={model}", "ddlo.topology.layout=grid"]));

        Assert.Contains("ddlo.topology.layout", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
