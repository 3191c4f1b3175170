using Ddlo.Core.Model;
using MathNet.Numerics.Distributions;

namespace Ddlo.Core.Workloads;

/// <summary>Task sizes drawn as uniform integers in [min, max] MB, as the paper's data (10..30 MB).</summary>
public sealed class UniformWorkloadGenerator
{
    private readonly Random random;

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
        MinMb = minMb;
        MaxMb = maxMb;
        this.random = random;
    }

    public int Devices { get; }

    public int TasksPerDevice { get; }

    public int MinMb { get; }

    public int MaxMb { get; }

    /// <summary>One device's M task sizes.</summary>
    public double[] NextDevice()
    {
        var sizes = new double[TasksPerDevice];
        for (int m = 0; m < sizes.Length; m++)
        {
            sizes[m] = DiscreteUniform.Sample(random, MinMb, MaxMb);
        }

        return sizes;
    }

    /// <summary>A whole N x M workload, device by device.</summary>
    public Workload Next() =>
        Workload.Create(Devices, TasksPerDevice, Enumerable.Range(0, Devices).SelectMany(_ => NextDevice()));
}
