using Ddlo.Core.Mobility;
using Ddlo.Core.Model;

namespace Ddlo.Core.Cells;

/// <summary>What one device of the map reports for a slot: where it is, which cell serves it, its tasks and its traits.</summary>
/// <param name="Device">The device's number.</param>
/// <param name="Cell">The cell that serves it this slot, or <see cref="Topology.NoCell"/>.</param>
/// <param name="Position">Where it is this slot, m.</param>
/// <param name="Sizes">Its M task sizes, MB.</param>
/// <param name="Traits">Its rate scale to its serving cell (1 with no channel or no cell) and its class factors.</param>
/// <param name="Handover">Whether it changed from one cell to another this slot.</param>
public sealed record DeviceSlot(int Device, int Cell, Position Position, double[] Sizes, DeviceTraits Traits, bool Handover);
