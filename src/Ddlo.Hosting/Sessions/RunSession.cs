using System.Globalization;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Recording;
using Ddlo.Actors.Simulation;
using Ddlo.Hosting.Results;

namespace Ddlo.Hosting.Sessions;

/// <summary>
/// One run and its results folder, as <c>simulate</c> and the edge <c>node</c> share it: a new run claims its folder
/// (<see cref="Start"/>) or an earlier one continues from its last checkpoint (<see cref="Resume"/>); the run logs to
/// the folder, writes its settings first, saves checkpoints there, stops at one when asked, and when complete writes
/// its results (<see cref="ResultsWriter"/>) and deletes its checkpoint. The session owns the folder's
/// <see cref="RunFolderLock"/> until it is disposed (or the process ends): no other process writes there meanwhile.
/// </summary>
public sealed class RunSession : IDisposable
{
    private readonly RunFolderLock folder;

    private RunSession(Scenario scenario, RunFolderLock folder, RunCheckpoint? resumeFrom)
    {
        this.folder = folder;
        (Scenario, Output, ResumeFrom) = (scenario, folder.Folder, resumeFrom);
        Logging.Configure(Output);
        // Before anything builds a network: the run's numerics, or a clear error if this process runs under others.
        Numerics = Learning.TorchRuntime.UseNumerics(scenario.Settings.Run.Numerics).InForce;
        ResultsWriter.WriteScenario(Output, scenario);
    }

    /// <summary>The numerics the run gets in this process (<c>ddlo.run.numerics</c>, unless this CPU cannot keep portable).</summary>
    public Learning.Numerics Numerics { get; }

    /// <summary>The run's settings (from its scenario, or from the checkpoint it resumes).</summary>
    public Scenario Scenario { get; }

    /// <summary>The results folder.</summary>
    public string Output { get; }

    /// <summary>The checkpoint the run continues from, or null for a run from the first step.</summary>
    public RunCheckpoint? ResumeFrom { get; }

    /// <summary>Where the run saves its checkpoints, and the one it resumes from.</summary>
    public CheckpointOptions Checkpoints => new(Output, ResumeFrom);

    /// <summary>A new run of <paramref name="scenario"/> into <paramref name="folder"/> (claimed with <see cref="ResultsFolder.Claim"/>), whose lock the session now owns.</summary>
    public static RunSession Start(Scenario scenario, RunFolderLock folder)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(folder);
        try
        {
            return new RunSession(scenario, folder, null);
        }
        catch
        {
            // The session never owned the folder: its lock is released, as Resume's is.
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The run in <paramref name="directory"/>, from its last checkpoint (or from the start, with its own settings, if
    /// it was killed before its first); <paramref name="steps"/> may extend it, <paramref name="more"/> adds overrides
    /// (a node's akka.* settings). A folder that holds no run, or a complete one, is refused with a <see cref="CheckpointException"/>.
    /// </summary>
    public static RunSession Resume(string directory, long? steps, IEnumerable<string>? more = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new CheckpointException($"cannot resume: {directory} does not exist");
        }

        // Before the checkpoint is even read: a run still writing it would replace it under us.
        var owned = RunFolderLock.Acquire(directory, "--resume");
        try
        {
            var (scenario, from) = Load(directory, steps, more);
            return new RunSession(scenario, owned, from);
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }

    /// <summary>Releases the folder (the process's end releases it too).</summary>
    public void Dispose() => folder.Dispose();

    /// <summary>Runs this session on one node, in this process.</summary>
    public Task<RunSessionResult> RunAsync(IProgress<Actors.Messages.RunProgress>? progress, CancellationToken stop) =>
        RunAsync((checkpoints, token) => SimulationRunner.RunAsync(Scenario, SimulationSources.Generated(Scenario.Settings), checkpoints, progress, token), stop);

    /// <summary>
    /// Runs this session with <paramref name="run"/> (one node, or a cluster's edge node): when complete, writes the
    /// results folder (with the fields <paramref name="summaryExtras"/> gives once the run is over in summary.json) and deletes the checkpoint; when
    /// <paramref name="stop"/> fired, the run has saved a checkpoint and stopped, and the result says where.
    /// </summary>
    /// <exception cref="RunWriteException">
    /// A checkpoint or a results file could not be written: the run stopped at once, its last good checkpoint and the
    /// results files written before are kept, and the message says so and how to go on.
    /// </exception>
    public async Task<RunSessionResult> RunAsync(
        Func<CheckpointOptions, CancellationToken, Task<RunOutcome>> run, CancellationToken stop, Func<IReadOnlyDictionary<string, object>>? summaryExtras = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return await RunAndWriteAsync(run, summaryExtras, stop).ConfigureAwait(false);
        }
        catch (RunWriteException e)
        {
            throw e.WithKept(Kept());
        }
    }

    /// <summary><paramref name="failure"/> (a run of this session that could not write) with what it kept and how to go on.</summary>
    public RunWriteException WithKept(RunWriteException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.WithKept(Kept());
    }

    /// <summary>What a run that could not write keeps, and how to go on, for the one line it ends with.</summary>
    private string Kept()
    {
        if (!Directory.Exists(Output))
        {
            return $"the run stopped: its folder {Output} is gone (removed, or replaced by a file), and its checkpoints with it";
        }

        RunCheckpoint? checkpoint;
        try
        {
            checkpoint = CheckpointFile.Read(Output);
        }
        catch (Exception e) when (e is CheckpointException || RunWriteException.IsWriteFailure(e))
        {
            return $"the run stopped, and its checkpoint cannot be read either ({e.Message})";
        }

        return checkpoint is null
            ? string.Create(CultureInfo.InvariantCulture, $"the run stopped before it saved a checkpoint; once {Output} can be written again, --resume {Output} starts it over")
            : string.Create(CultureInfo.InvariantCulture, $"the run stopped and keeps its checkpoint at step {checkpoint.Step}; once {Output} can be written again, continue with --resume {Output}");
    }

    private async Task<RunSessionResult> RunAndWriteAsync(
        Func<CheckpointOptions, CancellationToken, Task<RunOutcome>> run, Func<IReadOnlyDictionary<string, object>>? summaryExtras, CancellationToken stop)
    {
        var outcome = await run(Checkpoints, stop).ConfigureAwait(false);
        if (outcome.Stopped is { } stopped)
        {
            return new RunSessionResult(null, null, null, stopped);
        }

        var record = outcome.Record!;
        var summary = RunSummary.From(record);
        var extras = summaryExtras?.Invoke();
        string digest = RunDigest.Of(record);
        ResultsWriter.Write(Output, record, SummaryJson.From(summary, Scenario, digest, Numerics, extras), Scenario);
        // What a command prints names the results folder too.
        var json = SummaryJson.From(summary, Scenario, digest, Numerics, new Dictionary<string, object>(extras ?? new Dictionary<string, object>()) { ["results"] = Output });
        // The run is complete and its results are written: its checkpoint has nothing left to resume.
        File.Delete(CheckpointFile.PathIn(Output));
        return new RunSessionResult(record, summary, json, null) { Digest = digest };
    }

    /// <summary>The scenario and checkpoint of the run in <paramref name="directory"/>; a run killed before its first checkpoint starts over.</summary>
    /// <param name="directory">The results folder.</param>
    /// <param name="steps">A new total of steps (--steps), or null.</param>
    /// <param name="more">Further overrides (a node's akka.* settings).</param>
    private static (Scenario Scenario, RunCheckpoint? From) Load(string directory, long? steps, IEnumerable<string>? more = null)
    {
        string[] overrides = [.. more ?? [], .. steps is { } s ? new[] { string.Create(CultureInfo.InvariantCulture, $"ddlo.run.steps={s}") } : []];
        var checkpoint = CheckpointFile.Read(directory);
        if (checkpoint is not null)
        {
            var scenario = Scenario.FromText(checkpoint.SettingsHocon, CheckpointFile.PathIn(directory), overrides);
            if (scenario.Settings.Run.Steps <= checkpoint.Step)
            {
                throw new CheckpointException($"cannot resume: the checkpoint is at step {checkpoint.Step}, and the run has {scenario.Settings.Run.Steps} steps");
            }

            return (scenario, checkpoint);
        }

        string scenarioFile = Path.Combine(directory, ResultsLayout.ScenarioFile);
        if (File.Exists(Path.Combine(directory, ResultsLayout.SummaryFile)))
        {
            throw new CheckpointException($"cannot resume: the run in {directory} is complete (it has a summary.json and no checkpoint)");
        }

        if (!File.Exists(scenarioFile))
        {
            throw new CheckpointException($"cannot resume: {directory} has neither {CheckpointFile.FileName} nor {ResultsLayout.ScenarioFile}, so it is not the results folder of a ddlo run");
        }

        // Killed before its first checkpoint: nothing was kept, so the run starts over with its own settings.
        return (Scenario.Load(scenarioFile, overrides), null);
    }
}
