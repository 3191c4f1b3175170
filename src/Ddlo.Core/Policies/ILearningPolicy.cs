using System.Collections.Immutable;
using Ddlo.Core.Model;

namespace Ddlo.Core.Policies;

/// <summary>
/// A policy that learns online: after each slot is decided, <see cref="Learn"/> is told what was decided and what it
/// cost, with the slot's optimum when the run scores against one. Calls come from one actor, one at a time: the
/// policy is asked to decide a slot only after it has learned from every slot it decided before, as in the paper's
/// sequential loop (with <c>ddlo.run.max-in-flight</c> above 1 the slots in flight wait for it). To keep what it has
/// learned across a checkpoint and resume, the policy also implements <see cref="Checkpoints.ICheckpointable"/>.
/// </summary>
public interface ILearningPolicy : IOffloadingPolicy
{
    void Learn(SlotOutcome outcome);
}

/// <summary>One decided slot, as a learning policy is told it.</summary>
/// <param name="Slot">The slot (learning step), 0-based.</param>
/// <param name="Workload">The slot's task sizes.</param>
/// <param name="Decision">The decision taken: this policy's proposal, or all-local when it proposed nothing.</param>
/// <param name="Q">The decision's cost Q, with its exact bandwidth split.</param>
/// <param name="Bandwidth">Each device's share of the uplink under that decision (MB/s).</param>
/// <param name="OptimalQ">The slot's optimum Q* (exhaustive or certified dual), NaN when the run does not score.</param>
/// <param name="Proposed">Whether <paramref name="Decision"/> is this policy's own proposal.</param>
public sealed record SlotOutcome(
    long Slot, Workload Workload, OffloadDecision Decision, double Q, ImmutableArray<double> Bandwidth, double OptimalQ, bool Proposed);
