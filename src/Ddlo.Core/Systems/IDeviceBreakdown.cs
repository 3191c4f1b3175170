using Ddlo.Core.Model;

namespace Ddlo.Core.Systems;

/// <summary>
/// A system model that can say what a decision did to each device: its reports, its bits and its figures under the
/// model's exact allocation of that decision (MUMT: bandwidth, energy and delay; WPMEC: time share and rate; LyDROO:
/// queues, time share, bits served and energy). It is what <c>decisions.csv</c> (<c>ddlo.results.decisions = on</c>)
/// writes, one row per slot and device; a model without it refuses that setting.
/// </summary>
public interface IDeviceBreakdown
{
    /// <summary>The names of a device's figures, in the order <see cref="Breakdown"/> gives them (snake_case, with units).</summary>
    /// <param name="tasksPerDevice">M, the values each device reports.</param>
    IReadOnlyList<string> BreakdownColumns(int tasksPerDevice);

    /// <summary>
    /// Per device, its figures in <see cref="BreakdownColumns"/>' order, computed by the same code that prices
    /// <paramref name="decision"/> (so they add up to the slot's value where the value is a sum over devices).
    /// </summary>
    double[][] Breakdown(Workload reports, OffloadDecision decision);
}
