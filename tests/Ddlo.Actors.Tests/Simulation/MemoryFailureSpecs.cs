using Ddlo.Actors.Checkpoints;
using Ddlo.Actors.Configuration;
using Ddlo.Actors.Simulation;

namespace Ddlo.Actors.Tests.Simulation;

/// <summary>The replay memory cannot be rebuilt in the middle of a run: its failure stops the run, which keeps its last checkpoint.</summary>
public sealed class MemoryFailureSpecs : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("ddlo-memory-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Should_stop_the_run_in_one_line_naming_the_slot_when_the_replay_memory_fails_and_keep_the_last_checkpoint()
    {
        var scenario = Scenario.Load(null, [
            "ddlo.run.steps=1500", "ddlo.learning.dnn-count=2", "ddlo.learning.warmup=100", "ddlo.run.seed=5",
            "ddlo.run.checkpoint-interval=400", "ddlo.run.faults.memory-fails-at=1000"]);

        var running = SimulationRunner.RunAsync(scenario, SimulationSources.Generated(scenario.Settings), new CheckpointOptions(directory), null, CancellationToken.None);

        // The deadline only bounds a broken run: restarted empty, the memory would leave every later slot waiting for
        // training rounds that never come.
        var failure = await Assert.ThrowsAsync<SimulationFailedException>(() => running.WaitAsync(TimeSpan.FromMinutes(3)));
        Assert.StartsWith("the replay memory failed at slot 1000: InvalidOperationException: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.Contains("its checkpoint at step 800 is kept", failure.Message, StringComparison.Ordinal);
        Assert.Equal(800, CheckpointFile.Read(directory)!.Step);
    }
}
