using Ddlo.Core.Checkpoints;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Workloads;

/// <summary>
/// Fresh task sizes every slot: uniform whole MB in [min, max], from the device's own seeded generator. With a
/// <see cref="ReplayableRandom"/> its position in the stream is checkpointed.
/// </summary>
public sealed class UniformTaskSource : ITaskSource, ICheckpointable
{
    private readonly int tasks;
    private readonly int minMb;
    private readonly int maxMb;
    private readonly Random random;

    public UniformTaskSource(int tasks, int minMb, int maxMb, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (tasks < 1 || minMb < 0 || maxMb < minMb)
        {
            throw new ArgumentException($"Need M >= 1 and 0 <= min-mb <= max-mb, got M = {tasks}, {minMb}..{maxMb}.");
        }

        this.tasks = tasks;
        this.minMb = minMb;
        this.maxMb = maxMb;
        this.random = random;
    }

    public double[] TasksFor(long slot)
    {
        var sizes = new double[tasks];
        for (int m = 0; m < tasks; m++)
        {
            sizes[m] = DiscreteUniform.Sample(random, minMb, maxMb);
        }

        return sizes;
    }

    public void WriteState(BinaryWriter writer) => Checkpointable.WriteState(writer);

    public void ReadState(BinaryReader reader) => Checkpointable.ReadState(reader);

    private ICheckpointable Checkpointable =>
        random as ICheckpointable ?? throw new InvalidOperationException("This task source's generator cannot be checkpointed: give it a ReplayableRandom.");
}
