using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Core.Search;

/// <summary>
/// The search baselines of WPMEC and LyDROO: "exhaustive" (the best of all 2^N modes) and "coordinate-descent" (the
/// DROO authors' method: from a random mode, flip the one device that improves the value most while any does).
/// </summary>
public sealed class ModeSearchPolicy : ISearchingPolicy, ICheckpointable
{
    private readonly IModeSearchModel model;
    private readonly bool exhaustive;
    private readonly Random? random;

    public ModeSearchPolicy(IModeSearchModel model, bool exhaustive, Random? random)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!exhaustive && random is null)
        {
            throw new ArgumentException("Coordinate descent starts from a random mode: give it a generator.", nameof(random));
        }

        (this.model, this.exhaustive, this.random) = (model, exhaustive, random);
    }

    public string Name => exhaustive ? "exhaustive" : "coordinate-descent";

    /// <summary>Modes priced by the last <see cref="Decide"/>: 2^N when exhaustive, the descent's count otherwise.</summary>
    public long LastPriced { get; private set; }

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (exhaustive)
        {
            LastPriced = 1L << workload.TaskCount;
            return OffloadDecision.FromBits(model.BestMode(workload, exhaustive: true));
        }

        bool[] start = [.. Enumerable.Range(0, workload.TaskCount).Select(_ => random!.Next(2) == 1)];
        var found = model.Improve(workload, start, int.MaxValue);
        LastPriced = found.Priced;
        return OffloadDecision.FromBits(found.Mode);
    }

    public void WriteState(BinaryWriter writer) => (random as ICheckpointable)?.WriteState(writer);

    public void ReadState(BinaryReader reader) => (random as ICheckpointable)?.ReadState(reader);
}
