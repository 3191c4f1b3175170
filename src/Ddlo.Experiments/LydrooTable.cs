using System.Globalization;
using System.Text;

namespace Ddlo.Experiments;

/// <summary>The markdown tables of a lydroo experiment's report: the compared policies, the V sweep and the arrival sweep.</summary>
internal static class LydrooTable
{
    public static string Of(ExperimentPlan plan, IReadOnlyList<LydrooResults.Run> compared, LydrooResults.Run timed, IReadOnlyList<LydrooResults.Run> byV, IReadOnlyList<LydrooResults.Run> byRate, LydrooAuthorsRuns? upstream)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"The authors' settings ({plan.Steps:N0} frames, seeds 1-{plan.Repetitions}; means over devices, then over seeds, with the range over seeds). \"Bounded\": the last 20 % of frames' mean data queue is at most {LydrooExperiment.BoundedGrowth:0.0} x that of frames 60-80 %. The gain ratio is the frame's critic objective over that of the reference search (Q / Q*).");
        text.AppendLine();
        text.AppendLine("| policy | data queue, last 20 % (Mbit) | last 20 % / frames 60-80 % | bounded | energy per frame, last 50 % (J) | energy queue, last 20 % | objective, last 20 % | gain ratio Q / Q* | decision p50 (µs) | wall time per frame (ms) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in compared.GroupBy(r => r.Policy).Concat(upstream?.Runs.GroupBy(r => r.Policy) ?? []))
        {
            var runs = group.ToList();
            bool ours = group.Key == "ddlo";
            string gain = runs.All(r => double.IsNaN(r.GainRatio)) ? "-" : $"{SeedStatistics.MeanAndSpread(runs.Select(r => r.GainRatio), "0.0000")} ({runs[0].Optimum})";
            string decision = ours ? $"{timed.DecisionMicroseconds:0}" : runs.All(r => double.IsNaN(r.DecisionMicroseconds)) ? "-" : $"{runs.Average(r => r.DecisionMicroseconds):0}";
            string frame = ours ? $"{timed.FrameMilliseconds:0.000} (timed alone, unscored)" : runs.All(r => double.IsNaN(r.FrameMilliseconds)) ? "-" : $"{runs.Average(r => r.FrameMilliseconds):0.000}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {LydrooExperiment.Label(group.Key)} | {SeedStatistics.MeanAndSpread(runs.Select(r => r.DataQueueTail), "0.0")} | {SeedStatistics.MeanAndSpread(runs.Select(r => r.DataQueueTail / r.DataQueueBefore), "0.00")} | {runs.Count(r => r.Bounded)} of {runs.Count} | {SeedStatistics.MeanAndSpread(runs.Select(r => r.EnergyLastHalf), "0.0000")} | {runs.Average(r => r.EnergyQueueTail):0.0} | {runs.Average(r => r.ObjectiveTail):0.0} | {gain} | {decision} | {frame} |");
        }

        text.AppendLine();
        text.AppendLine("V swept (seed 1), for LyDROO and for the critic with coordinate descent: Lyapunov's [O(1/V), O(V)] trade-off. A larger V weighs the computation rate more against the energy queue's drift: the virtual energy queue, the backlog of the energy constraint, grows as O(V), and the data queues, served faster, shorten. Means over the last 20 % of frames (energy over the last 50 %).");
        text.AppendLine();
        text.AppendLine("| policy | V | data queue (Mbit) | energy queue | energy per frame (J) | served (Mbit / frame) | objective |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in byV)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {LydrooExperiment.Label(r.Policy)} | {r.V:0.##} | {r.DataQueueTail:0.0} | {r.EnergyQueueTail:0.0} | {r.EnergyLastHalf:0.0000} | {r.ServedTail:0.000} | {r.ObjectiveTail:0.0} |");
        }

        text.AppendLine();
        text.AppendLine("Arrival rate swept (seed 1, exponential sizes with this mean per device and frame), for LyDROO and for the critic with coordinate descent:");
        text.AppendLine();
        text.AppendLine("| policy | mean arrival (Mbit / frame) | served (Mbit / frame) | data queue, last 20 % (Mbit) | frames 60-80 % (Mbit) | bounded | energy per frame (J) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in byRate)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {LydrooExperiment.Label(r.Policy)} | {r.Arrival:0.###} | {r.ServedTail:0.000} | {r.DataQueueTail:0.0} | {r.DataQueueBefore:0.0} | {(r.Bounded ? "yes" : "no")} | {r.EnergyLastHalf:0.0000} |");
        }

        return text.ToString();
    }
}
