using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;

namespace Ddlo.Hosting.Results;

/// <summary>
/// Writes a run's results folder: steps.csv, summary.json, convergence.png, loss.png, policies.png (and, for a run
/// with queues, queues.png and energy.png), the run's
/// settings (scenario.conf) and the final networks (networks/dnn-k.bin), which <c>ddlo export</c> packs into a model.
/// Every file is written beside its target and renamed, so a failure leaves the files written before it whole and
/// no half file; it raises a <see cref="RunWriteException"/> naming the file and the reason.
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
            CreateFolder(networks);
            foreach (var (k, weights) in record.NetworkWeights)
            {
                WriteAtomically(Path.Combine(networks, $"dnn-{k}.bin"), path => File.WriteAllBytes(path, [.. weights]));
            }
        }

        WriteSteps(Path.Combine(directory, ResultsLayout.StepsFile), record);
        WriteAtomically(Path.Combine(directory, ResultsLayout.SummaryFile), path => File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(summaryJson, ResultsJson.Options)));
        var words = scenario.Settings.System.Definition.Words;
        var figures = scenario.Settings.Results.Figures;
        Plots.Convergence(Path.Combine(directory, ResultsLayout.ConvergencePlot), record, rollingWindow, words, figures);
        Plots.Loss(Path.Combine(directory, ResultsLayout.LossPlot), record, words, figures);
        Plots.Policies(Path.Combine(directory, ResultsLayout.PoliciesPlot), record, rollingWindow, words, figures);
        if (scenario.Settings.System.Queueing is { } queueing && record.Steps.Any(s => s.Queues is not null))
        {
            Plots.Queues(Path.Combine(directory, ResultsLayout.QueuesPlot), Path.Combine(directory, ResultsLayout.EnergyPlot), record, rollingWindow, queueing.EnergyBudgetJ, figures);
        }
    }

    /// <summary>The run's settings, written first, so that <c>simulate --resume</c> can restart a run killed before its first checkpoint.</summary>
    public static void WriteScenario(string directory, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        CreateFolder(directory);
        WriteAtomically(Path.Combine(directory, ResultsLayout.ScenarioFile), path => File.WriteAllText(path, scenario.SettingsHocon));
    }

    /// <summary>
    /// Writes beside the target and renames, so a reader never sees a half-written file, and a failure leaves none; a
    /// file that cannot be written raises a <see cref="RunWriteException"/> naming <paramref name="path"/>.
    /// </summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + ".partial" + Path.GetExtension(path);
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (RunWriteException.IsWriteFailure(e))
        {
            throw RunWriteException.For(path, e);
        }
        finally
        {
            Remove(temporary);
        }
    }

    /// <summary>A half-written file goes, if it can: on a full disk it holds the space the next save needs.</summary>
    private static void Remove(string temporary)
    {
        try
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        catch (Exception e) when (RunWriteException.IsWriteFailure(e))
        {
            // The failure that matters, the write's, is already on its way.
        }
    }

    private static void CreateFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (RunWriteException.IsWriteFailure(e))
        {
            throw RunWriteException.For(folder, e);
        }
    }

    private static void WriteSteps(string path, RunRecord record) => CsvFile.Write(path, StepsTable.Header(record), StepsTable.Rows(record));
}
