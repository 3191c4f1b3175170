using System.Globalization;
using System.Runtime.InteropServices;
using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Cli.Output;

namespace Ddlo.Cli.Commands;

/// <summary>What <c>simulate</c> and the edge <c>node</c> share to stop at a checkpoint and to continue from one.</summary>
internal static class RunResume
{
    /// <summary>The scenario and checkpoint of the run in <paramref name="directory"/>; a run killed before its first checkpoint starts over.</summary>
    /// <param name="directory">The results folder.</param>
    /// <param name="steps">A new total of steps (--steps), or null.</param>
    /// <param name="more">Further overrides (a node's akka.* settings).</param>
    public static (Scenario Scenario, string Output, RunCheckpoint? From) Load(string directory, long? steps, IEnumerable<string>? more = null)
    {
        if (!Directory.Exists(directory))
        {
            throw new CheckpointException($"cannot resume: {directory} does not exist");
        }

        string[] overrides = [.. more ?? [], .. steps is { } s ? new[] { string.Create(CultureInfo.InvariantCulture, $"ddlo.run.steps={s}") } : []];
        var checkpoint = CheckpointFile.Read(directory);
        if (checkpoint is not null)
        {
            var scenario = Scenario.FromText(checkpoint.SettingsHocon, CheckpointFile.PathIn(directory), overrides);
            if (scenario.Settings.Run.Steps <= checkpoint.Step)
            {
                throw new CheckpointException($"cannot resume: the checkpoint is at step {checkpoint.Step}, and the run has {scenario.Settings.Run.Steps} steps");
            }

            return (scenario, directory, checkpoint);
        }

        string scenarioFile = Path.Combine(directory, ResultsWriter.ScenarioFile);
        if (File.Exists(Path.Combine(directory, "summary.json")))
        {
            throw new CheckpointException($"cannot resume: the run in {directory} is complete (it has a summary.json and no checkpoint)");
        }

        if (!File.Exists(scenarioFile))
        {
            throw new CheckpointException($"cannot resume: {directory} has neither {CheckpointFile.FileName} nor {ResultsWriter.ScenarioFile}, so it is not the results folder of a ddlo run");
        }

        // Killed before its first checkpoint: nothing was kept, so the run starts over with its own settings.
        return (Scenario.Load(scenarioFile, overrides), directory, null);
    }

    /// <summary>
    /// The first SIGINT or SIGTERM asks the run to checkpoint and stop (the token fires); a second one is not caught,
    /// so it ends the process at once.
    /// </summary>
    public sealed class StopSignals : IDisposable
    {
        private readonly CancellationTokenSource source = new();
        private readonly PosixSignalRegistration[] registrations;

        public StopSignals() =>
            registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];

        public CancellationToken Token => source.Token;

        public PosixSignal? Signal { get; private set; }

        /// <summary>The exit code of a run stopped by SIGINT (128 + 2) or SIGTERM (128 + 15) after saving its checkpoint.</summary>
        public int ExitCode => Signal == PosixSignal.SIGTERM ? 143 : 130;

        private void Handle(PosixSignalContext context)
        {
            if (Signal is not null)
            {
                return;
            }

            Signal = context.Signal;
            context.Cancel = true;
            Console.Error.WriteLine($"ddlo: {context.Signal}: deciding the slots in flight, then saving a checkpoint and stopping (send it again to stop at once)");
            source.Cancel();
        }

        public void Dispose()
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }

            source.Dispose();
        }
    }
}
