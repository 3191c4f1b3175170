namespace Ddlo.Actors.Tests;

/// <summary>
/// Tests that count what a process's meters record (its counters are the process's, not a run's): they run alone, so
/// no other test's run adds to what they count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMetrics
{
    public const string Name = "Process metrics";
}
