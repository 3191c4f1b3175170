using Ddlo.Core.Model;
using Ddlo.Core.Policies;
using Ddlo.Core.Scoring;

namespace Ddlo.Core.Systems;

/// <summary>
/// What differs between the systems the simulator models, behind one seam the actors use without knowing which it is:
/// what each device reports per slot, the exact per-slot allocation that prices a binary decision, which way the
/// objective goes, the optimum oracles, and the baselines. <see cref="MecModel"/> is DDLO's multi-user multi-task system
/// (MUMT); <see cref="Wpmec.WpmecModel"/> is DROO's wireless-powered one; <see cref="Lyapunov.LydrooModel"/> is
/// LyDROO's online one, with queues.
/// </summary>
/// <remarks>
/// A slot's reports travel as a <see cref="Workload"/>: N devices with M values each, device-major. For MUMT the values
/// are task sizes in MB; for WPMEC and LyDROO each device reports one value, its channel gain (LyDROO's workload also
/// carries each device's data and energy queues as its context). A decision has one bit per value.
/// </remarks>
public interface ISystemModel
{
    /// <summary>The model's name in scenarios (<c>ddlo.system.model</c>): mumt | wpmec | lydroo.</summary>
    string Name { get; }

    /// <summary>Which way <see cref="Value"/> is better.</summary>
    Objective Objective { get; }

    /// <summary>What the value is, for results and messages ("cost Q", "weighted sum computation rate").</summary>
    string ValueName { get; }

    /// <summary>What the devices report, plural, for messages ("task sizes", "channel gains").</summary>
    string ReportName { get; }

    /// <summary>Checks a slot's reports, throwing an <see cref="ArgumentException"/> that names the device and the problem.</summary>
    void CheckReports(Workload reports);

    /// <summary>The objective of <paramref name="decision"/> under the model's exact allocation.</summary>
    double Value(Workload reports, OffloadDecision decision);

    /// <summary>The objective with each device's share of the allocation that attains it.</summary>
    SlotAllocation Allocate(Workload reports, OffloadDecision decision);

    /// <summary>The baselines users can name (<c>ddlo.run.policy</c>, <c>evaluate --policy</c>).</summary>
    IReadOnlyList<string> Baselines { get; }

    /// <summary>A baseline by name; an <see cref="ArgumentException"/> listing the valid names otherwise.</summary>
    IOffloadingPolicy CreateBaseline(string name, int seed);

    /// <summary>The oracles users can name (<c>ddlo.run.score-against-optimum</c>), best first.</summary>
    IReadOnlyList<string> Oracles { get; }

    /// <summary>The oracle <c>auto</c> scores a system of this shape with, or null when none is in reach.</summary>
    string? AutoOracle(int devices, int tasksPerDevice);

    /// <summary>An oracle by name (one of <see cref="Oracles"/>).</summary>
    IOptimumOracle CreateOracle(string name);
}
