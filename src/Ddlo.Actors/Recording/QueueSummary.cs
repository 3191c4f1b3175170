using Ddlo.Core.Systems;

namespace Ddlo.Actors.Recording;

/// <summary>
/// A run's queues (LyDROO): means over devices, over the tail (the last <see cref="RunSummary.TailFraction"/> of the
/// frames) and over the whole run, and Little's law over the whole run.
/// </summary>
/// <param name="DataQueue">Mean data queue over the tail, Mbit.</param>
/// <param name="EnergyQueue">Mean energy queue over the tail.</param>
/// <param name="Energy">Mean energy per device and frame over the tail, J.</param>
/// <param name="Arrivals">Mean arrivals per device and frame over the tail, Mbit.</param>
/// <param name="Served">Mean service per device and frame over the tail, Mbit.</param>
/// <param name="LittlesLaw">Little's law over the whole run (null when nothing was served).</param>
public sealed record QueueSummary(double DataQueue, double EnergyQueue, double Energy, double Arrivals, double Served, LittlesLaw? LittlesLaw)
{
    /// <summary>The summary of steps that carry queues; null when none does.</summary>
    public static QueueSummary? Of(IReadOnlyList<StepRecord> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var queues = steps.Where(s => s.Queues is not null).Select(s => s.Queues!).ToList();
        if (queues.Count == 0)
        {
            return null;
        }

        var tail = queues.Skip(RunSummary.TailStart(queues.Count)).ToList();
        return new QueueSummary(
            tail.Average(q => q.DataQueue), tail.Average(q => q.EnergyQueue), tail.Average(q => q.Energy), tail.Average(q => q.Arrivals),
            tail.Average(q => q.Served), Core.Systems.LittlesLaw.Of(queues));
    }
}
