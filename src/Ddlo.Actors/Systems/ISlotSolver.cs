using Ddlo.Core.Model;

namespace Ddlo.Actors.Systems;

/// <summary>One slot of a configured system priced exactly (<c>ddlo solve</c>).</summary>
public interface ISlotSolver
{
    /// <summary>
    /// The slot's reports from the values given (<c>--workload</c>), checked by the system model: a wrong count or a
    /// bad value throws an <see cref="ArgumentException"/> naming it in one line.
    /// </summary>
    Workload Reports(double[] values, int devices);

    /// <summary>
    /// The value and allocation of <paramref name="decision"/> (its bits, or a way to find one: <c>best</c>, and any the
    /// system adds, such as MUMT's <c>dual</c>); an unknown way throws an <see cref="ArgumentException"/>.
    /// </summary>
    SlotSolution Solve(Workload workload, string decision);
}
