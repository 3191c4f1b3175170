using System.Collections.Immutable;
using Ddlo.Actors.Recording;
using Ddlo.Core.Systems;

namespace Ddlo.Hosting.Tests.Results;

/// <summary>Small run records to write results from, without running a simulation.</summary>
internal static class TestRecords
{
    /// <summary>Three steps of two DNNs, with losses after two of them and, if asked, queues.</summary>
    public static RunRecord Run(bool queues = false)
    {
        ImmutableArray<StepRecord> steps =
        [
            .. Enumerable.Range(0, 3).Select(slot => new StepRecord(slot, 700 + (slot / 3.0), 690 + slot, 1200, 800, slot % 2, 2, false, 120.4 + slot, 5)
            {
                Candidate = 1,
                NetworkQ = 701 + (slot / 7.0),
                NetworkLatencyMicroseconds = 80.25,
                Queues = queues ? new QueueStats(10 + slot, 2, 3.5, 1.25, 0.1, 0) : null,
            }),
        ];
        return new RunRecord(steps, [new LossRecord(0, 1, 1, 0.6931), new LossRecord(1, 1, 1, 0.70001), new LossRecord(0, 2, 2, 0.5)], 2, "exhaustive", 3, 0.01, 0, "ddlo", 0)
        {
            Objective = Objective.Minimise,
            Model = "mumt",
        };
    }
}
