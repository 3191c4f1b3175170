using Ddlo.Core.Model;

namespace Ddlo.Core.Workloads;

/// <summary>Whole N x M workloads with task sizes drawn as uniform integers in [min, max] MB (the paper: 10..30 MB).</summary>
public sealed class UniformWorkloadGenerator
{
    private readonly UniformTaskSource source;
    private long drawn;

    public UniformWorkloadGenerator(int devices, int tasksPerDevice, int minMb, int maxMb, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (minMb < 0 || maxMb < minMb)
        {
            throw new ArgumentException($"Task sizes need 0 <= min-mb <= max-mb, got {minMb}..{maxMb}.", nameof(minMb));
        }

        // Validates the shape once, with the same messages as any workload.
        Workload.Create(devices, tasksPerDevice, Enumerable.Repeat((double)minMb, devices * tasksPerDevice));
        Devices = devices;
        TasksPerDevice = tasksPerDevice;
        source = new UniformTaskSource(tasksPerDevice, minMb, maxMb, random);
    }

    public int Devices { get; }

    public int TasksPerDevice { get; }

    /// <summary>A whole N x M workload, device by device.</summary>
    public Workload Next() =>
        Workload.Create(Devices, TasksPerDevice, Enumerable.Range(0, Devices).SelectMany(_ => source.TasksFor(drawn++)));
}
