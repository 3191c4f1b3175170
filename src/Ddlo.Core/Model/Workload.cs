using System.Collections.Immutable;
using System.Globalization;

namespace Ddlo.Core.Model;

/// <summary>
/// One slot's task sizes: N devices with M tasks each, in MB, stored device-major
/// (task m of device n is at index n * M + m).
/// </summary>
public sealed class Workload : IEquatable<Workload>
{
    private Workload(int devices, int tasksPerDevice, ImmutableArray<double> sizes)
    {
        Devices = devices;
        TasksPerDevice = tasksPerDevice;
        Sizes = sizes;
    }

    public int Devices { get; }

    public int TasksPerDevice { get; }

    /// <summary>N * M, the number of binary decisions this workload needs.</summary>
    public int TaskCount => Sizes.Length;

    /// <summary>Task sizes in MB, device-major.</summary>
    public ImmutableArray<double> Sizes { get; }

    public double this[int device, int task] => Sizes[(device * TasksPerDevice) + task];

    /// <summary>The M task sizes of one device.</summary>
    public ReadOnlySpan<double> Device(int device) => Sizes.AsSpan().Slice(device * TasksPerDevice, TasksPerDevice);

    /// <summary>Creates a workload, throwing an <see cref="ArgumentException"/> that names the bad shape or size.</summary>
    public static Workload Create(int devices, int tasksPerDevice, IEnumerable<double> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (devices < 1)
        {
            throw new ArgumentException($"The number of devices N must be at least 1, got {devices}.", nameof(devices));
        }

        if (tasksPerDevice < 1)
        {
            throw new ArgumentException($"The number of tasks per device M must be at least 1, got {tasksPerDevice}.", nameof(tasksPerDevice));
        }

        var array = sizes.ToImmutableArray();
        long expected = (long)devices * tasksPerDevice;
        if (array.Length != expected)
        {
            throw new ArgumentException(
                $"A {devices} x {tasksPerDevice} workload needs {expected} task sizes, got {array.Length}.", nameof(sizes));
        }

        for (int i = 0; i < array.Length; i++)
        {
            double d = array[i];
            if (double.IsNaN(d) || double.IsInfinity(d) || d < 0)
            {
                throw new ArgumentException(
                    $"Task size d{i} (device {i / tasksPerDevice}, task {i % tasksPerDevice}) must be a finite number of MB >= 0, got {d.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(sizes));
            }
        }

        return new Workload(devices, tasksPerDevice, array);
    }

    public bool Equals(Workload? other) =>
        other is not null && Devices == other.Devices && TasksPerDevice == other.TasksPerDevice
        && Sizes.AsSpan().SequenceEqual(other.Sizes.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as Workload);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Devices);
        hash.Add(TasksPerDevice);
        foreach (double d in Sizes)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(",", Sizes.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
}
