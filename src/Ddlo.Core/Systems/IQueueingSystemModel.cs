using Ddlo.Core.Model;

namespace Ddlo.Core.Systems;

/// <summary>
/// A system model whose devices carry queues from slot to slot (LyDROO): each device reports its queues as the
/// workload's context, and after a slot is decided it is told what its decision served and what it cost, and updates
/// its queues itself.
/// </summary>
public interface IQueueingSystemModel : ISystemModel
{
    /// <summary>
    /// The context features each device reports beside its values: the first is its data queue (Mbit), the second its
    /// energy queue, as <see cref="QueueStats"/> reads them; a model may add more after those two.
    /// </summary>
    int ContextFeatures { get; }

    /// <summary>What each device's share of the exact allocation of <paramref name="decision"/> serves and costs.</summary>
    QueueService Serve(Workload reports, OffloadDecision decision);
}
