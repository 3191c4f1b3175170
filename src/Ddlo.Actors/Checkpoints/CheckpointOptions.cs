namespace Ddlo.Actors.Checkpoints;

/// <summary>Where a run saves its checkpoints, and the checkpoint it resumes from (null: it starts at step 0).</summary>
public sealed record CheckpointOptions(string Directory, RunCheckpoint? ResumeFrom = null);
