using System.Globalization;
using Ddlo.Core.Model;

namespace Ddlo.Actors.Systems.Mumt;

/// <summary>
/// One class of MUMT devices (<c>ddlo.device-classes.NAME</c>): its share of the population, its local CPU's time and
/// energy per bit, its radio's transmit energy per bit, and its task-size range. What a class does not set is the
/// system's.
/// </summary>
/// <param name="Name">NAME, as the scenario writes it.</param>
/// <param name="Share">Its share of the devices, in (0, 1]; the shares of a scenario's classes add up to 1.</param>
/// <param name="LocalTimePerBit">Local computing time per bit, s/bit (the CPU's speed).</param>
/// <param name="LocalEnergyPerBit">Local computing energy per bit, J/bit.</param>
/// <param name="TransmitEnergyPerBit">Transmit energy per offloaded bit, J/bit.</param>
/// <param name="MinMb">Smallest task size, whole MB.</param>
/// <param name="MaxMb">Largest task size, whole MB.</param>
public sealed record DeviceClass(string Name, double Share, double LocalTimePerBit, double LocalEnergyPerBit, double TransmitEnergyPerBit, int MinMb, int MaxMb)
{
    /// <summary>The class's constants as factors of the system's (what its devices report; see <see cref="DeviceTraits"/>).</summary>
    public DeviceTraits Traits(MecParameters system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new DeviceTraits(1, Factor(LocalTimePerBit, system.LocalTimePerBit), Factor(LocalEnergyPerBit, system.LocalEnergyPerBit), Factor(TransmitEnergyPerBit, system.TransmitEnergyPerBit));
    }

    /// <summary>
    /// How many of <paramref name="devices"/> devices each class has: its share of them, rounded so that they add up to
    /// N by the largest remainders (ties to the earlier class).
    /// </summary>
    public static int[] Counts(IReadOnlyList<DeviceClass> classes, int devices)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var counts = classes.Select(c => (int)Math.Floor(c.Share * devices)).ToArray();
        int left = devices - counts.Sum();
        foreach (int c in Enumerable.Range(0, classes.Count).OrderByDescending(c => (classes[c].Share * devices) - counts[c]).ThenBy(c => c).Take(left))
        {
            counts[c]++;
        }

        return counts;
    }

    /// <summary>The class of device <paramref name="device"/>: devices are dealt to the classes in order, in blocks of their counts.</summary>
    public static int ClassOf(IReadOnlyList<DeviceClass> classes, int device, int devices)
    {
        var counts = Counts(classes, devices);
        for (int c = 0, end = 0; c < counts.Length; c++)
        {
            end += counts[c];
            if (device < end)
            {
                return c;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(device), device, string.Create(CultureInfo.InvariantCulture, $"There are {devices} devices."));
    }

    /// <summary>A class's value over the system's; a class can scale a constant the system has at 0 only by leaving it 0.</summary>
    private static double Factor(double value, double system) => system == 0 ? 1 : value / system;
}
