using System.Collections.Immutable;

namespace Ddlo.Core.Lyapunov;

/// <summary>One frame's exact resource allocation for one offloading mode, with its drift-plus-penalty objective.</summary>
/// <param name="Objective">sum_i (Q_i + V w_i) r_i - Y_i e_i, the value LyDROO's critic maximises.</param>
/// <param name="Bits">r_i, Mbit computed (locally) or offloaded this frame.</param>
/// <param name="Energy">e_i, J spent this frame.</param>
/// <param name="Times">tau_i, the fraction of the frame each offloader transmits in (0 for local devices).</param>
/// <param name="Price">mu, the price of frame time at the optimum (0 when the frame is not contended).</param>
public sealed record LyapunovAllocation(double Objective, ImmutableArray<double> Bits, ImmutableArray<double> Energy, ImmutableArray<double> Times, double Price);
