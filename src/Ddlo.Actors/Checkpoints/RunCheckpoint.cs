using System.Collections.Immutable;

namespace Ddlo.Actors.Checkpoints;

/// <summary>
/// A run captured between two slots: every slot before <paramref name="Step"/> is decided, recorded and stored in
/// the replay memory, the DNNs have trained on every batch those slots triggered, and no later slot has started.
/// </summary>
/// <param name="Step">The first slot a resumed run decides.</param>
/// <param name="SettingsHocon">The run's settings, so <c>--resume</c> needs no scenario file.</param>
/// <param name="Parts">Each worker's state.</param>
public sealed record RunCheckpoint(long Step, string SettingsHocon, ImmutableArray<CheckpointPart> Parts)
{
    /// <summary>The state of part <paramref name="name"/> number <paramref name="index"/>.</summary>
    public ImmutableArray<byte> Part(string name, int index) =>
        Parts.FirstOrDefault(p => p.Name == name && p.Index == index)?.State
        ?? throw new CheckpointException($"the checkpoint at step {Step} has no {name} {index}");
}
