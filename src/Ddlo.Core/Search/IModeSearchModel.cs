using Ddlo.Core.Model;

namespace Ddlo.Core.Search;

/// <summary>A system model whose decisions are one mode bit per device, searched over by <see cref="ModeSearch"/>.</summary>
public interface IModeSearchModel
{
    /// <summary>The slot's best mode: all 2^N (exhaustive) or coordinate descent from <paramref name="start"/> (all-local when null).</summary>
    bool[] BestMode(Workload reports, bool exhaustive, bool[]? start = null);

    /// <summary>The value of a decision under the model's exact allocation.</summary>
    double Value(Workload reports, OffloadDecision decision);
}
