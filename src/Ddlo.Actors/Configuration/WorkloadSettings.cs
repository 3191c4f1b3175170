namespace Ddlo.Actors.Configuration;

/// <summary>How slots' task sizes are drawn (<c>ddlo.workload</c>).</summary>
/// <param name="MinMb">Smallest task size, MB.</param>
/// <param name="MaxMb">Largest task size, MB.</param>
public sealed record WorkloadSettings(int MinMb, int MaxMb)
{
    internal static WorkloadSettings Read(ConfigReader config)
    {
        int min = config.Int("ddlo.workload.min-mb", 0);
        int max = config.Int("ddlo.workload.max-mb", min);
        return new WorkloadSettings(min, max);
    }
}
