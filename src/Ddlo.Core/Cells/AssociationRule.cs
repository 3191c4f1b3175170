namespace Ddlo.Core.Cells;

/// <summary>How a device picks its serving cell each slot, among the cells whose radius covers it.</summary>
public enum AssociationRule
{
    /// <summary>The nearest cell (the lower index on a tie).</summary>
    Nearest,

    /// <summary>
    /// The cell with the strongest mean received signal (path loss alone: small-scale fading is averaged out, as
    /// handover measurements are), kept until another is stronger by the hysteresis margin.
    /// </summary>
    Strongest,
}
