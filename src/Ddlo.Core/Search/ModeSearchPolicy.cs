using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Core.Search;

/// <summary>
/// The search baselines of WPMEC and LyDROO: "exhaustive" (the best of all 2^N modes) and "coordinate-descent" (the
/// DROO authors' method: from a random mode, flip the one device that improves the value most while any does).
/// </summary>
public sealed class ModeSearchPolicy : IOffloadingPolicy, ICheckpointable
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

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        bool[]? start = exhaustive ? null : [.. Enumerable.Range(0, workload.TaskCount).Select(_ => random!.Next(2) == 1)];
        return OffloadDecision.FromBits(model.BestMode(workload, exhaustive, start));
    }

    public void WriteState(BinaryWriter writer) => (random as ICheckpointable)?.WriteState(writer);

    public void ReadState(BinaryReader reader) => (random as ICheckpointable)?.ReadState(reader);
}
