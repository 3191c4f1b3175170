using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;
using Ddlo.Core.Policies;

namespace Ddlo.Core.Wpmec;

/// <summary>
/// WPMEC's search baselines: "exhaustive" (the best of all 2^N modes, the optimum) and "coordinate-descent" (the
/// authors' method for N = 20 and 30: from a random mode, flip the one device that raises the rate most while any does).
/// </summary>
public sealed class WpmecSearchPolicy : IOffloadingPolicy, ICheckpointable
{
    private readonly WpmecModel model;
    private readonly Kind kind;
    private readonly Random? random;

    public WpmecSearchPolicy(WpmecModel model, Kind kind, Random? random)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (kind == Kind.CoordinateDescent && random is null)
        {
            throw new ArgumentException("Coordinate descent starts from a random mode: give it a generator.", nameof(random));
        }

        (this.model, this.kind, this.random) = (model, kind, random);
    }

    public enum Kind
    {
        Exhaustive,
        CoordinateDescent,
    }

    public string Name => kind == Kind.Exhaustive ? "exhaustive" : "coordinate-descent";

    public OffloadDecision Decide(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var gains = workload.Sizes.AsSpan();
        if (kind == Kind.Exhaustive)
        {
            return OffloadDecision.FromBits(model.Search.Exhaustive(gains, model.Weights.AsSpan()).Mode);
        }

        var start = new bool[workload.TaskCount];
        for (int i = 0; i < start.Length; i++)
        {
            start[i] = random!.Next(2) == 1;
        }

        return OffloadDecision.FromBits(model.Search.CoordinateDescent(gains, model.Weights.AsSpan(), start).Mode);
    }

    public void WriteState(BinaryWriter writer) => (random as ICheckpointable)?.WriteState(writer);

    public void ReadState(BinaryReader reader) => (random as ICheckpointable)?.ReadState(reader);
}
