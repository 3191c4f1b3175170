using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>A system model whose decisions are one mode bit per device, searched over by <see cref="ModeSearch"/>.</summary>
public interface IModeSearchModel
{
    /// <summary>The slot's best mode: all 2^N (exhaustive) or coordinate descent from <paramref name="start"/> (all-local when null).</summary>
    bool[] BestMode(Workload reports, bool exhaustive, bool[]? start = null);

    /// <summary>The value of a decision under the model's exact allocation.</summary>
    double Value(Workload reports, OffloadDecision decision);

    /// <summary>
    /// Coordinate descent from <paramref name="start"/> for at most <paramref name="maxSteps"/> flips: the device
    /// search of a model with one mode bit per device, as the teacher of its networks.
    /// </summary>
    ModeImprovement Improve(Workload reports, ReadOnlySpan<bool> start, int maxSteps);
}

/// <summary>A mode found by coordinate descent: its bits, the flips made and the modes priced.</summary>
public sealed record ModeImprovement(bool[] Mode, int Steps, long Priced);
