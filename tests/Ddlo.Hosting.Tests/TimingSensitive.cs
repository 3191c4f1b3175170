namespace Ddlo.Hosting.Tests;

/// <summary>
/// Tests whose clusters rely on failure detectors and deadlines: they run alone, not beside other test classes,
/// so that a loaded two-core machine does not turn a slow heartbeat into a false failure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
