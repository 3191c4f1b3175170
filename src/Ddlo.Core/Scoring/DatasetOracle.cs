using Ddlo.Core.Data;
using Ddlo.Core.Model;
using Ddlo.Core.Workloads;

namespace Ddlo.Core.Scoring;

/// <summary>The q_opt recorded in the data set row that the schedule gave the slot.</summary>
public sealed class DatasetOracle(ReferenceDataset dataset, DatasetSchedule schedule) : IOptimumOracle
{
    public string Name => "dataset";

    public double OptimalQ(long slot, Workload workload) => dataset.Rows[schedule.RowFor(slot)].OptimalQ;
}
