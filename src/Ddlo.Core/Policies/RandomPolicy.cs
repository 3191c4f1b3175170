using Ddlo.Core.Checkpoints;
using Ddlo.Core.Model;

namespace Ddlo.Core.Policies;

/// <summary>Each task is offloaded with probability 1/2, from a seeded generator (not thread-safe).</summary>
public sealed class RandomPolicy : IOffloadingPolicy, ICheckpointable
{
    private readonly Random random;

    public RandomPolicy(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        this.random = random;
    }

    public string Name => "random";

    public OffloadDecision Decide(Workload workload)
    {
        var bits = new bool[workload.TaskCount];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = random.Next(2) == 1;
        }

        return OffloadDecision.FromBits(bits);
    }

    public void WriteState(BinaryWriter writer) => Checkpointable.WriteState(writer);

    public void ReadState(BinaryReader reader) => Checkpointable.ReadState(reader);

    private ICheckpointable Checkpointable =>
        random as ICheckpointable ?? throw new InvalidOperationException("This policy's generator cannot be checkpointed: give it a ReplayableRandom.");
}
