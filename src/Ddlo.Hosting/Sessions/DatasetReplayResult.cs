using Ddlo.Actors.Recording;
using Ddlo.Core.Workloads;

namespace Ddlo.Hosting.Sessions;

/// <summary>A <see cref="DatasetReplay"/> run: its record and summary, its schedule, the test figures and summary.json's fields for them.</summary>
/// <param name="Record">The run's record.</param>
/// <param name="Summary">Its summary.</param>
/// <param name="Schedule">Which row each step replayed, and which steps are the test.</param>
/// <param name="TestSteps">Steps on the last 20 % of the rows.</param>
/// <param name="TestMeanGainRatio">The mean gain ratio over them: the published figure.</param>
/// <param name="Fields">What summary.json adds for the data set.</param>
/// <param name="AboveOptimumWarning">Set when some decision beat the file's optimum (an optimum that is not one).</param>
public sealed record DatasetReplayResult(
    RunRecord Record, RunSummary Summary, DatasetSchedule Schedule, int TestSteps, double TestMeanGainRatio, IReadOnlyDictionary<string, object> Fields, string? AboveOptimumWarning);
