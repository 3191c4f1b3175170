using System.Collections.Immutable;
using System.Globalization;

namespace Ddlo.Core.Model;

/// <summary>
/// One slot's reports: N devices with M values each (MUMT's task sizes in MB, the channel gains of WPMEC and LyDROO),
/// stored device-major (value m of device n is at index n * M + m), one binary decision per value; and, for systems
/// whose devices carry state from slot to slot, that state as context (LyDROO's data and energy queues).
/// </summary>
public sealed class Workload : IEquatable<Workload>
{
    private Workload(int devices, int tasksPerDevice, ImmutableArray<double> sizes, ImmutableArray<double> context)
    {
        Devices = devices;
        TasksPerDevice = tasksPerDevice;
        Sizes = sizes;
        Context = context;
    }

    public int Devices { get; }

    public int TasksPerDevice { get; }

    /// <summary>N * M, the number of binary decisions this workload needs.</summary>
    public int TaskCount => Sizes.Length;

    /// <summary>Task sizes in MB, device-major.</summary>
    public ImmutableArray<double> Sizes { get; }

    /// <summary>
    /// Per-device state the decision depends on but does not decide, feature-major: feature f of device n is at
    /// index f * N + n (LyDROO: the N data queues, then the N energy queues). Empty for MUMT and WPMEC.
    /// </summary>
    public ImmutableArray<double> Context { get; }

    /// <summary>Context values per device (0 without context).</summary>
    public int ContextFeatures => Context.Length / Devices;

    /// <summary>What a network sees, before normalising: the reports, then the context.</summary>
    public ImmutableArray<double> NetworkInputs => Context.IsEmpty ? Sizes : Sizes.AddRange(Context);

    /// <summary>Feature <paramref name="feature"/> of the context, one value per device.</summary>
    public ReadOnlySpan<double> ContextFeature(int feature) => Context.AsSpan().Slice(feature * Devices, Devices);

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
            throw new ArgumentException($"A {devices} x {tasksPerDevice} workload needs {expected} task sizes, got {array.Length}.");
        }

        for (int i = 0; i < array.Length; i++)
        {
            double d = array[i];
            if (double.IsNaN(d) || double.IsInfinity(d) || d < 0)
            {
                throw new ArgumentException(
                    $"Task size d{i} (device {i / tasksPerDevice}, task {i % tasksPerDevice}) must be a finite number of MB >= 0, got {d.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return new Workload(devices, tasksPerDevice, array, []);
    }

    /// <summary>
    /// This workload with per-device context (feature-major, a whole number of values per device), throwing an
    /// <see cref="ArgumentException"/> that names a value that is not finite.
    /// </summary>
    public Workload WithContext(IEnumerable<double> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var array = context.ToImmutableArray();
        if (array.Length % Devices != 0)
        {
            throw new ArgumentException($"{Devices} devices need a whole number of context values each, got {array.Length}.", nameof(context));
        }

        for (int i = 0; i < array.Length; i++)
        {
            if (!double.IsFinite(array[i]))
            {
                throw new ArgumentException(
                    $"Context value {i / Devices} of device {i % Devices} must be a finite number, got {array[i].ToString(CultureInfo.InvariantCulture)}.", nameof(context));
            }
        }

        return new Workload(Devices, TasksPerDevice, Sizes, array);
    }

    public bool Equals(Workload? other) =>
        other is not null && Devices == other.Devices && TasksPerDevice == other.TasksPerDevice
        && Sizes.AsSpan().SequenceEqual(other.Sizes.AsSpan()) && Context.AsSpan().SequenceEqual(other.Context.AsSpan());

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

        foreach (double c in Context)
        {
            hash.Add(c);
        }

        return hash.ToHashCode();
    }

    public override string ToString() =>
        string.Join(",", Sizes.Select(d => d.ToString("R", CultureInfo.InvariantCulture)));
}
