using Akka.Configuration;

namespace Ddlo.Actors.Configuration;

/// <summary>Everything under <c>ddlo</c>, parsed once and validated eagerly.</summary>
public sealed record DdloSettings(SystemSettings System, WorkloadSettings Workload, LearningSettings Learning, RunSettings Run)
{
    /// <summary>The defaults of reference.conf.</summary>
    public static DdloSettings Default => Scenario.Default.Settings;

    internal static DdloSettings Create(Config config, Func<string, string> sourceOf)
    {
        var reader = new ConfigReader(config, sourceOf);
        return new DdloSettings(SystemSettings.Read(reader), WorkloadSettings.Read(reader), LearningSettings.Read(reader), RunSettings.Read(reader));
    }
}
