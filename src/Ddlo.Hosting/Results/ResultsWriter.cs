using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;

namespace Ddlo.Hosting.Results;

/// <summary>
/// Writes a run's results folder: steps.csv, summary.json, convergence.png, loss.png, policies.png (and, for a run
/// with queues, queues.png and energy.png), the run's
/// settings (scenario.conf) and the final networks (networks/dnn-k.bin), which <c>ddlo export</c> packs into a model.
/// </summary>
public static class ResultsWriter
{
    public static void Write(string directory, RunRecord record, object summaryJson, Scenario scenario)
    {
        int rollingWindow = scenario.Settings.Run.RollingWindow;
        WriteScenario(directory, scenario);
        if (!record.NetworkWeights.IsEmpty)
        {
            string networks = Path.Combine(directory, ResultsLayout.NetworksFolder);
            Directory.CreateDirectory(networks);
            foreach (var (k, weights) in record.NetworkWeights)
            {
                WriteAtomically(Path.Combine(networks, $"dnn-{k}.bin"), path => File.WriteAllBytes(path, [.. weights]));
            }
        }

        WriteSteps(Path.Combine(directory, ResultsLayout.StepsFile), record);
        WriteAtomically(Path.Combine(directory, ResultsLayout.SummaryFile), path => File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(summaryJson, ResultsJson.Options)));
        WriteAtomically(Path.Combine(directory, ResultsLayout.ConvergencePlot), path => Plots.Convergence(path, record, rollingWindow));
        WriteAtomically(Path.Combine(directory, ResultsLayout.LossPlot), path => Plots.Loss(path, record));
        WriteAtomically(Path.Combine(directory, ResultsLayout.PoliciesPlot), path => Plots.Policies(path, record, rollingWindow, scenario.Settings.System.Definition.Words.ValueAxis));
        if (scenario.Settings.System.Queueing is { } queueing && record.Steps.Any(s => s.Queues is not null))
        {
            WriteAtomically(Path.Combine(directory, ResultsLayout.QueuesPlot), queues =>
                WriteAtomically(Path.Combine(directory, ResultsLayout.EnergyPlot), energy => Plots.Queues(queues, energy, record, rollingWindow, queueing.EnergyBudgetJ)));
        }
    }

    /// <summary>The run's settings, written first, so that <c>simulate --resume</c> can restart a run killed before its first checkpoint.</summary>
    public static void WriteScenario(string directory, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, ResultsLayout.ScenarioFile), path => File.WriteAllText(path, scenario.SettingsHocon));
    }

    /// <summary>Writes beside the target and renames, so a reader never sees a half-written file, and a failure leaves none.</summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + ".partial" + Path.GetExtension(path);
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void WriteSteps(string path, RunRecord record)
    {
        var losses = record.Losses.ToLookup(l => l.AfterSlot);
        string[] header =
        [
            "step", "q_ddlo", "q_opt", "gain_ratio", "q_local", "q_edge", "winner_k", "candidates", "degraded", "latency_us", "offloaded",
            "winner_candidate", "q_network", "network_latency_us",
            .. Enumerable.Range(0, record.DnnCount).Select(k => $"loss_k{k}"),
        ];
        // Systems with queues (LyDROO) add the frame's queues, arrivals, service and energy, means over devices.
        bool queues = record.Steps.Any(step => step.Queues is not null);
        if (queues)
        {
            header = [.. header, "data_queue_mbit", "energy_queue", "arrivals_mbit", "served_mbit", "energy_j"];
        }

        CsvFile.Write(path, header, record.Steps.Select(step =>
        {
            var rowLosses = new object?[record.DnnCount];
            foreach (var loss in losses[step.Slot])
            {
                rowLosses[loss.Dnn] = loss.Loss;
            }

            object?[] row =
            [
                step.Slot, step.Q, step.OptimalQ, step.GainRatio, step.LocalQ, step.EdgeQ, step.Winner, step.Candidates, step.Degraded,
                Math.Round(step.LatencyMicroseconds, 1), step.Offloaded, step.Candidate, step.NetworkQ,
                Math.Round(step.NetworkLatencyMicroseconds, 1), .. rowLosses,
            ];
            return !queues ? row : step.Queues is { } q
                ? [.. row, q.DataQueue, q.EnergyQueue, q.Arrivals, q.Served, q.Energy]
                : [.. row, null, null, null, null, null];
        }));
    }
}
