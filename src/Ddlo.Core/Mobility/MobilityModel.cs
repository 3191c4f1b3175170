namespace Ddlo.Core.Mobility;

/// <summary>How devices move (<c>ddlo.mobility.model</c>).</summary>
public enum MobilityModel
{
    /// <summary>They stay where they are placed.</summary>
    Static,

    /// <summary>Each walks to a uniform point of the area at a uniform speed, pauses, and picks the next.</summary>
    RandomWaypoint,

    /// <summary>Speed and heading are Gauss-Markov processes (memory alpha), reflected at the area's edges.</summary>
    GaussMarkov,

    /// <summary>Positions are read from a CSV trace: device, slot, x, y.</summary>
    Trace,
}
