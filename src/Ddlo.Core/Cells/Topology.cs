using System.Collections.Immutable;
using System.Globalization;
using Ddlo.Core.Mobility;
using Ddlo.Core.Systems;

namespace Ddlo.Core.Cells;

/// <summary>
/// The map's cells (<c>ddlo.topology</c>) and how a device picks the one that serves it. Each slot a device moves,
/// then associates: with a cell whose radius covers it, by <see cref="Rule"/>; a device no cell covers is served by
/// none and computes every task itself.
/// </summary>
/// <param name="Cells">The cells, by index.</param>
/// <param name="Rule">Nearest, or strongest with a hysteresis margin.</param>
/// <param name="HysteresisDb">Strongest: how much stronger, dB, another cell must be before a device leaves its own.</param>
/// <param name="PathLossExponent">How fast the mean signal falls with distance (the channel's), for the strongest rule.</param>
public sealed record Topology(ImmutableArray<CellSite> Cells, AssociationRule Rule, double HysteresisDb = 3, double PathLossExponent = 3)
{
    /// <summary>No cell serves the device.</summary>
    public const int NoCell = -1;

    /// <summary>The nearest a device counts as being to an edge server, m (path loss holds beyond).</summary>
    public const double MinDistanceM = 1;

    /// <summary>The most cells a map may hold.</summary>
    public const int MaxCells = 10_000;

    public int Count => Cells.Length;

    /// <summary>The half-side of the smallest square around the origin that holds every cell's coverage, m.</summary>
    public double HalfExtentM => Cells.Max(c => Math.Max(Math.Abs(c.Position.X), Math.Abs(c.Position.Y)) + c.RadiusM);

    /// <summary>
    /// Edge-server positions of <paramref name="layout"/> (grid or hex), <paramref name="spacingM"/> apart and centred
    /// on the origin: a grid fills rows of ceil(sqrt(count)) cells; a hexagonal layout fills rings around the centre
    /// cell, each ring from its eastern cell anticlockwise.
    /// </summary>
    public static ImmutableArray<Position> Layout(TopologyLayout layout, int count, double spacingM)
    {
        if (count < 1 || count > MaxCells)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"must be a whole number of cells in [1, {MaxCells}], got {count}."), nameof(count));
        }

        SettingChecks.Require(spacingM is > 0 and <= 1e6, nameof(spacingM), spacingM, "a distance in (0, 1e6] m");
        return layout switch
        {
            TopologyLayout.Grid => Grid(count, spacingM),
            TopologyLayout.Hex => Hex(count, spacingM),
            _ => throw new ArgumentException("Explicit layouts list their positions.", nameof(layout)),
        };
    }

    private static ImmutableArray<Position> Grid(int count, double spacing)
    {
        int columns = (int)Math.Ceiling(Math.Sqrt(count));
        int rows = (count + columns - 1) / columns;
        var positions = ImmutableArray.CreateBuilder<Position>(count);
        for (int i = 0; i < count; i++)
        {
            int row = i / columns;
            int column = i % columns;
            positions.Add(new Position((column - ((columns - 1) / 2.0)) * spacing, (row - ((rows - 1) / 2.0)) * spacing));
        }

        return positions.MoveToImmutable();
    }

    private static ImmutableArray<Position> Hex(int count, double spacing)
    {
        // Axial coordinates (q, r): a neighbour is one step in one of six directions.
        (int Q, int R)[] directions = [(1, 0), (0, 1), (-1, 1), (-1, 0), (0, -1), (1, -1)];
        var positions = ImmutableArray.CreateBuilder<Position>(count);
        positions.Add(new Position(0, 0));
        for (int ring = 1; positions.Count < count; ring++)
        {
            // Start at the ring's eastern cell, then walk its six sides.
            int q = ring;
            int r = 0;
            for (int side = 2; side < 8 && positions.Count < count; side++)
            {
                var (dq, dr) = directions[side % 6];
                for (int step = 0; step < ring && positions.Count < count; step++)
                {
                    positions.Add(new Position(spacing * (q + (r / 2.0)), spacing * r * Math.Sqrt(3) / 2));
                    (q, r) = (q + dq, r + dr);
                }
            }
        }

        return positions.MoveToImmutable();
    }

    /// <summary>
    /// The cell that serves a device at <paramref name="position"/> that <paramref name="current"/> served last slot
    /// (<see cref="NoCell"/>: none, or a device's first slot): among the cells that cover it, the nearest; or the
    /// strongest, unless the current one still covers it and the strongest beats it by less than the hysteresis.
    /// <see cref="NoCell"/> when no cell covers it.
    /// </summary>
    public int Serve(Position position, int current)
    {
        int best = NoCell;
        double bestDb = double.NegativeInfinity;
        double currentDb = double.NegativeInfinity;
        foreach (var cell in Cells)
        {
            double distance = position.DistanceTo(cell.Position);
            if (distance > cell.RadiusM)
            {
                continue;
            }

            double db = Rule == AssociationRule.Nearest ? -distance : MeanSignalDb(cell, distance);
            if (db > bestDb)
            {
                (best, bestDb) = (cell.Index, db);
            }

            if (cell.Index == current)
            {
                currentDb = db;
            }
        }

        bool keep = Rule == AssociationRule.Strongest && current != NoCell && double.IsFinite(currentDb) && bestDb - currentDb < HysteresisDb;
        return keep ? current : best;
    }

    /// <summary>A device's mean received signal from <paramref name="cell"/> at <paramref name="distanceM"/>, dB against the channel's reference.</summary>
    public double MeanSignalDb(CellSite cell, double distanceM) =>
        cell.GainDb - (10 * PathLossExponent * Math.Log10(Math.Max(MinDistanceM, distanceM)));

    /// <summary>The share of the square of half-side <paramref name="halfSideM"/> some cell covers, on a 200 x 200 lattice.</summary>
    public double Coverage(double halfSideM)
    {
        const int lattice = 200;
        int covered = 0;
        for (int i = 0; i < lattice; i++)
        {
            for (int j = 0; j < lattice; j++)
            {
                var point = new Position(halfSideM * (((2 * i) + 1.0) / lattice - 1), halfSideM * (((2 * j) + 1.0) / lattice - 1));
                if (Cells.Any(c => c.Covers(point)))
                {
                    covered++;
                }
            }
        }

        return covered / (double)(lattice * lattice);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the first problem: no cells, a cell whose value is out of range
    /// (its index as the parameter name's suffix), two edge servers at one place, or one outside the map of half-side
    /// <paramref name="halfSideM"/>.
    /// </summary>
    public Topology Validate(double halfSideM)
    {
        if (Cells.IsDefaultOrEmpty || Cells.Length > MaxCells)
        {
            throw Problem("cells", string.Create(CultureInfo.InvariantCulture, $"must hold 1 to {MaxCells} cells, got {(Cells.IsDefault ? 0 : Cells.Length)}."));
        }

        SettingChecks.Require(HysteresisDb is >= 0 and <= 100, nameof(HysteresisDb), HysteresisDb, "a margin in [0, 100] dB");
        foreach (var cell in Cells)
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"cell {cell.Index}");
            SettingChecks.Require(double.IsFinite(cell.Position.X) && double.IsFinite(cell.Position.Y), at, double.IsFinite(cell.Position.X) ? cell.Position.Y : cell.Position.X, "a position of finite coordinates, m");
            SettingChecks.Require(cell.RadiusM is > 0 and <= 1e6, at + " radius-m", cell.RadiusM, "a distance in (0, 1e6] m");
            SettingChecks.Require(cell.UplinkMbps is > 0 and <= 1e9, at + " uplink-mbps", cell.UplinkMbps, "a rate in (0, 1e9] Mbit/s");
            SettingChecks.Require(cell.EdgeClockHz is > 0 and <= 1e15, at + " edge-clock-hz", cell.EdgeClockHz, "a clock in (0, 1e15] Hz");
            SettingChecks.Require(cell.GainDb is >= -100 and <= 100, at + " gain-db", cell.GainDb, "a gain in [-100, 100] dB");
            if (Math.Abs(cell.Position.X) > halfSideM || Math.Abs(cell.Position.Y) > halfSideM)
            {
                throw Problem(at, string.Create(CultureInfo.InvariantCulture,
                    $"cell {cell.Index}'s edge server at ({cell.Position.X:G}, {cell.Position.Y:G}) m lies outside the map, the square of half-side {halfSideM:G} m around the origin (ddlo.mobility.half-side-m)."));
            }

            if (Cells.FirstOrDefault(other => other.Index < cell.Index && other.Position.DistanceTo(cell.Position) < 1e-6) is { } twin)
            {
                throw Problem(at, string.Create(CultureInfo.InvariantCulture,
                    $"cells {twin.Index} and {cell.Index} stand at the same place ({cell.Position.X:G}, {cell.Position.Y:G}) m; a device could never tell them apart."));
            }
        }

        return this;
    }

    private static ArgumentException Problem(string where, string message) => new(message, where);
}
