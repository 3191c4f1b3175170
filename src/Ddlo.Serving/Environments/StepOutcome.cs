using System.Collections.Immutable;
using Ddlo.Core.Model;

namespace Ddlo.Serving.Environments;

/// <summary>What one step of one environment gives back.</summary>
/// <param name="Reward">The value signed so that higher is better.</param>
/// <param name="Value">The decision's value under the exact allocation (Q, or the rate), as <c>ddlo solve</c> prices it.</param>
/// <param name="Optimum">Q* of the slot, NaN when not scored.</param>
/// <param name="GainRatio">How close the value came to the optimum (1 is optimal), NaN when not scored.</param>
/// <param name="Slot">The priced slot's index in the episode, from 0.</param>
/// <param name="Truncated">This step reached the episode's length.</param>
/// <param name="Allocation">Each device's share of the contended resource.</param>
/// <param name="Next">The next slot's reports.</param>
public sealed record StepOutcome(
    double Reward, double Value, double Optimum, double GainRatio, long Slot, bool Truncated, ImmutableArray<double> Allocation, Workload Next);
