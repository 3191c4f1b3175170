namespace Ddlo.Actors.Configuration;

/// <summary>How slots' task sizes are drawn (<c>ddlo.workload</c>).</summary>
/// <param name="MinMb">Smallest task size, MB.</param>
/// <param name="MaxMb">Largest task size, MB.</param>
public sealed record WorkloadSettings(int MinMb, int MaxMb)
{
    internal static WorkloadSettings Read(ConfigReader config)
    {
        int min = config.Int("ddlo.workload.min-mb", 0);
        // Sizes are drawn as whole MB in [min, max] inclusive, so max + 1 must still be an int.
        int max = config.Int("ddlo.workload.max-mb", min, int.MaxValue - 1);
        return new WorkloadSettings(min, max);
    }
}
