namespace Ddlo.Core.Cells;

/// <summary>How the cells of <c>ddlo.topology</c> are placed.</summary>
public enum TopologyLayout
{
    /// <summary>Rows and columns of edge servers, the spacing apart, as near square as the count allows.</summary>
    Grid,

    /// <summary>Hexagonal rings around a centre cell (1, 7, 19, ... cells fill whole rings), the spacing apart.</summary>
    Hex,

    /// <summary>Positions listed one by one, each with its own radius, uplink and CPU if it says.</summary>
    Explicit,
}
