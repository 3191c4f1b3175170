using Ddlo.Core.Data;

namespace Ddlo.Core.Workloads;

/// <summary>One device's slice of the data set row that the schedule assigns to each slot.</summary>
public sealed class DatasetTaskSource(ReferenceDataset dataset, DatasetSchedule schedule, int device) : ITaskSource
{
    public double[] TasksFor(long slot) => dataset.Rows[schedule.RowFor(slot)].Workload.Device(device).ToArray();
}
