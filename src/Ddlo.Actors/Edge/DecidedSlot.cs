using System.Collections.Immutable;
using Ddlo.Actors.Messages;

namespace Ddlo.Actors.Edge;

/// <summary>A slot's decision, as the edge server tells it.</summary>
/// <param name="Orders">Each device's order, by device id.</param>
/// <param name="Remember">What the replay memory keeps of the slot.</param>
/// <param name="Report">The decided slot, for the recorder.</param>
/// <param name="Rank">The winning candidate's rank, for DROO's adaptive count (0 when no candidate arrived).</param>
internal sealed record DecidedSlot(ImmutableArray<OffloadingOrder> Orders, Remember Remember, SlotDecided Report, int Rank);
